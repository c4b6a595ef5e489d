package io.analogcomposer.validator;

import io.analogcomposer.messaging.Topology;
import io.analogcomposer.spec.catalogue.Catalogue;
import io.analogcomposer.spec.datasets.DatasetCheck;
import io.analogcomposer.spec.datasets.DatasetFinder;
import io.analogcomposer.spec.validation.Validator;
import io.analogcomposer.messaging.workers.LiveWorkers;
import io.analogcomposer.messaging.workers.LiveWorkersConfiguration;
import io.analogcomposer.validator.routing.AutoRouting;
import io.analogcomposer.validator.routing.CancelledRuns;
import io.analogcomposer.validator.routing.RunRouter;
import java.util.UUID;
import io.analogcomposer.validator.amqp.ControlListener;
import io.analogcomposer.validator.amqp.ValidationListener;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The validation core and the broker objects only this service uses. */
@Configuration(proxyBeanMethods = false)
@Import(LiveWorkersConfiguration.class)
class ValidatorConfiguration {

    /** Checks documents; {@code backend: auto} is then placed by {@link AutoRouting}, which knows the live workers. */
    @Bean
    Validator experimentValidator(ValidatorProperties properties) {
        return new Validator(Catalogue.get(), properties.limits(), false);
    }

    @Bean
    AutoRouting autoRouting(LiveWorkers liveWorkers, ValidatorProperties properties) {
        return new AutoRouting(liveWorkers::live, properties.preferGpu());
    }

    @Bean
    CancelledRuns cancelledRuns(ValidatorProperties properties) {
        return new CancelledRuns(properties.rememberCancelled());
    }

    @Bean
    RunRouter runRouter(Validator experimentValidator, CancelledRuns cancelledRuns, ValidatorProperties properties,
            AutoRouting autoRouting, DatasetDirs datasets) {
        return new RunRouter(experimentValidator, cancelledRuns, properties.maxMessageBytes(), autoRouting,
                new DatasetCheck(new DatasetFinder(datasets.dirs())));
    }

    /**
     * This instance's own queue on the control fanout: every validator instance must hear every cancellation,
     * and the queue (exclusive, auto-deleted) disappears with the instance. Named under the messaging prefix so
     * tests that isolate by prefix clean it up; declared plainly because {@code AnonymousQueue}'s leader-locator
     * argument is refused by classic queues and by the embedded broker.
     */
    @Bean
    Queue validatorControlQueue(Topology topology) {
        return new Queue(topology.controlExchange() + ".validator." + UUID.randomUUID(), false, true, true);
    }

    @Bean
    Binding validatorControlBinding(Queue validatorControlQueue, Topology topology) {
        return BindingBuilder.bind(validatorControlQueue)
                .to(new FanoutExchange(topology.controlExchange(), true, false));
    }

    @Bean
    ValidationListener validationListener(RunRouter runRouter, RabbitTemplate rabbitTemplate, Topology topology,
            ValidatorProperties properties, MeterRegistry meterRegistry) {
        return new ValidationListener(runRouter, rabbitTemplate, topology, properties, meterRegistry);
    }

    /**
     * Consumes the validation queue: manual acks, a few messages in flight per consumer. A direct container: the
     * listener runs on the AMQP client's delivery thread instead of being handed to a container thread, one thread
     * wake-up less on every run's way to its worker (a few milliseconds each on a loaded machine). Validating is
     * short, and the confirms it waits for arrive on the connection's own thread, so nothing waits on itself.
     */
    @Bean
    DirectMessageListenerContainer validationContainer(ConnectionFactory connectionFactory, Topology topology,
            ValidatorProperties properties, ValidationListener validationListener) {
        DirectMessageListenerContainer container = new DirectMessageListenerContainer(connectionFactory);
        container.setQueueNames(topology.validateQueue());
        container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        container.setConsumersPerQueue(properties.consumers());
        container.setPrefetchCount(4);
        container.setDefaultRequeueRejected(true);
        container.setMessageListener(validationListener);
        return container;
    }

    @Bean
    SimpleMessageListenerContainer validatorControlContainer(ConnectionFactory connectionFactory,
            Queue validatorControlQueue, CancelledRuns cancelledRuns) {
        SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connectionFactory);
        container.setQueues(validatorControlQueue);
        container.setAcknowledgeMode(AcknowledgeMode.AUTO);
        container.setMessageListener(new ControlListener(cancelledRuns));
        return container;
    }
}
