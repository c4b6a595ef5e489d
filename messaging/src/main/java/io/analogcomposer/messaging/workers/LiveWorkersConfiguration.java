package io.analogcomposer.messaging.workers;

import io.analogcomposer.messaging.Topology;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.RunMessage;
import io.analogcomposer.spec.messages.WorkerAnnouncement;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Imported by the services that need to know which workers are live (the API, the validator): this instance's own
 * queue on the events exchange for {@code worker.#}, and the {@link LiveWorkers} it fills. The queue is exclusive and
 * auto-deleted, so it lives exactly as long as the instance, and every instance (each API replica) hears every
 * announcement. Declared plainly, without RabbitMQ arguments, so the embedded broker of the standalone mode accepts it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LiveWorkersProperties.class)
public class LiveWorkersConfiguration {

    private static final Logger log = LoggerFactory.getLogger(LiveWorkersConfiguration.class);

    @Bean
    LiveWorkers liveWorkers(LiveWorkersProperties properties) {
        return new LiveWorkers(properties.silence(), Clock.systemUTC());
    }

    @Bean
    Declarables liveWorkersQueue(Topology topology) {
        Queue queue = new Queue(topology.workersQueue(UUID.randomUUID().toString()), false, true, true);
        TopicExchange events = new TopicExchange(topology.eventsExchange(), true, false);
        return new Declarables(
                List.of(queue, BindingBuilder.bind(queue).to(events).with(Topology.WORKER_EVENTS_PATTERN)));
    }

    @Bean
    SimpleMessageListenerContainer liveWorkersContainer(ConnectionFactory connectionFactory,
            Declarables liveWorkersQueue, LiveWorkers liveWorkers) {
        SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connectionFactory);
        container.setQueues(liveWorkersQueue.getDeclarablesByType(Queue.class).getFirst());
        container.setAcknowledgeMode(AcknowledgeMode.AUTO);
        container.setMissingQueuesFatal(false);
        container.setMessageListener(message -> {
            String body = new String(message.getBody(), StandardCharsets.UTF_8);
            WorkerAnnouncement announcement;
            try {
                announcement = SpecJson.read(body, WorkerAnnouncement.class);
            } catch (RuntimeException e) {
                // A broadcast we cannot read concerns a newer or broken worker; it must not stop the listener.
                log.warn("Ignored an unreadable worker announcement: {}", e.getMessage());
                return;
            }
            if (announcement.messageVersion() != RunMessage.VERSION) {
                log.warn("Ignored a worker announcement of version {} (this service reads {})",
                        announcement.messageVersion(), RunMessage.VERSION);
                return;
            }
            liveWorkers.heard(announcement);
        });
        return container;
    }
}
