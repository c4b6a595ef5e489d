package io.analogcomposer.worker;

import io.analogcomposer.engine.backend.ComputeBackends;
import io.analogcomposer.worker.engine.FoundDatasets;
import io.analogcomposer.worker.engine.UploadedDatasetCache;
import io.analogcomposer.messaging.MessagingProperties;
import io.analogcomposer.messaging.Topology;
import io.analogcomposer.worker.cancel.Cancellations;
import io.analogcomposer.worker.cancel.ControlListener;
import io.analogcomposer.worker.engine.EngineExperimentExecutor;
import io.analogcomposer.worker.engine.EngineProperties;
import io.analogcomposer.worker.engine.HeapBudget;
import io.analogcomposer.spec.validation.Validator;
import io.analogcomposer.worker.engine.WeightTemplates;
import io.analogcomposer.worker.engine.ExperimentExecutor;
import io.analogcomposer.worker.events.ConfirmedSender;
import io.analogcomposer.worker.events.EventPublisher;
import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.worker.job.Announcements;
import io.analogcomposer.worker.job.JobConsumer;
import io.analogcomposer.worker.job.JobHandler;
import io.analogcomposer.worker.job.JobMetrics;
import io.analogcomposer.worker.job.JobQueue;
import io.analogcomposer.worker.job.RunningJobs;
import io.analogcomposer.worker.preview.PreviewConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The runtime every worker application imports ({@code @Import(WorkerConfiguration.class)}). Not an
 * auto-configuration: in the standalone mode the API and validator share the classpath and must not get it.
 *
 * <p>A worker application may define its own {@link ExperimentExecutor} bean (the hardware worker's chip path);
 * otherwise jobs run on the simulator engine.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({WorkerProperties.class, EngineProperties.class,
        io.analogcomposer.worker.checkpoint.CheckpointSettings.class})
@Import(PreviewConfiguration.class)
public class WorkerConfiguration {

    @Bean
    WorkerInfo workerInfo(WorkerProperties properties, WorkerIdentity identity) {
        return new WorkerInfo(properties, identity);
    }

    @Bean
    WorkerIdentity workerIdentity() {
        return WorkerIdentity.ofThisProcess();
    }

    @Bean
    Cancellations cancellations(WorkerProperties properties) {
        return new Cancellations(properties.cancellation().remember(), properties.cancellation().rememberFor(),
                Clock.systemUTC());
    }

    /**
     * This instance's own queue on the control fanout: exclusive and auto-deleted, so it lives exactly as long as
     * the worker's connection. Declared plainly (no {@code AnonymousQueue}: its leader-locator argument is refused
     * by the embedded broker).
     */
    @Bean
    Declarables workerControlQueue(Topology topology, WorkerProperties properties, WorkerIdentity identity) {
        Queue queue = new Queue(controlQueueName(topology, properties, identity), false, true, true);
        FanoutExchange control = new FanoutExchange(topology.controlExchange(), true, false);
        return new Declarables(List.of(queue, BindingBuilder.bind(queue).to(control)));
    }

    @Bean
    SimpleMessageListenerContainer workerControlContainer(ConnectionFactory connectionFactory, Topology topology,
            WorkerProperties properties, WorkerIdentity identity, Cancellations cancellations) {
        SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connectionFactory);
        container.setQueueNames(controlQueueName(topology, properties, identity));
        container.setAcknowledgeMode(AcknowledgeMode.AUTO);
        container.setMissingQueuesFatal(false);
        container.setMessageListener(new ControlListener(cancellations));
        return container;
    }

    @Bean
    ConfirmedSender confirmedSender(RabbitTemplate rabbit) {
        return new ConfirmedSender(rabbit);
    }

    @Bean
    EventPublisher workerEventPublisher(ConfirmedSender sender, Topology topology, WorkerProperties properties) {
        return new EventPublisher(sender, topology, properties.publishTimeout());
    }

    @Bean
    JobQueue jobQueue(ConfirmedSender sender, Topology topology, WorkerProperties properties) {
        return new JobQueue(sender, topology, properties.backend(), properties.publishTimeout());
    }

    @Bean
    RunningJobs runningJobs() {
        return new RunningJobs();
    }

    @Bean
    JobMetrics jobMetrics(ObjectProvider<MeterRegistry> registry, WorkerProperties properties, RunningJobs running) {
        return new JobMetrics(registry.getIfAvailable(SimpleMeterRegistry::new), properties.backend(), running);
    }

    /**
     * Runs jobs with the application's {@link ExperimentExecutor} bean when it has one, else with the simulator
     * engine. Decided here rather than with a bean condition, which would depend on the order in which the
     * application's and this configuration's beans are registered.
     */
    @Bean
    io.analogcomposer.worker.checkpoint.RunCheckpointing runCheckpointing(
            io.analogcomposer.worker.checkpoint.CheckpointSettings settings, ConnectionFactory connectionFactory,
            Topology topology, EventPublisher events) {
        return new io.analogcomposer.worker.checkpoint.RunCheckpointing(settings, connectionFactory, topology, events);
    }

    @Bean
    JobHandler jobHandler(WorkerProperties properties, EngineProperties engine, MessagingProperties messaging,
            WorkerIdentity identity, ObjectProvider<ExperimentExecutor> executors, EventPublisher events,
            JobQueue queue, Cancellations cancellations, RunningJobs running, JobMetrics metrics,
            io.analogcomposer.worker.checkpoint.RunCheckpointing checkpoints) {
        ExperimentExecutor executor = executors.getIfAvailable(() -> new EngineExperimentExecutor(
                FoundDatasets.in(engine.datasetDirs()),
                ComputeBackends.byName(engine.computeBackend(), engine.threads()),
                WeightTemplates.standard(engine.composerTemplatesDir()),
                new UploadedDatasetCache(engine.uploadCacheDir(), engine.uploadCacheSize().toBytes())));
        // a CPU worker holds a run's activations in its heap: each job's estimate is checked against it first
        HeapBudget heap = "cpu".equals(properties.backend())
                ? new HeapBudget(Runtime.getRuntime().maxMemory(),
                        properties.concurrency(), Validator.standard().catalogue())
                : null;
        return new JobHandler(properties.backend(), messaging.deliveryLimit(), identity, executor, events, queue,
                cancellations, running, metrics, checkpoints, heap);
    }

    @Bean
    Announcements workerAnnouncements(ConfirmedSender sender, Topology topology, WorkerIdentity identity,
            WorkerProperties properties, EngineProperties engine, RunningJobs running,
            ObjectProvider<ExperimentExecutor> executors) {
        ExperimentExecutor own = executors.getIfAvailable();
        String device = own != null && properties.device().isBlank()
                ? own.device().orElseGet(() -> device(properties, engine))
                : device(properties, engine);
        return new Announcements(sender, topology, identity, Backend.valueOf(properties.backend().toUpperCase(
                java.util.Locale.ROOT)), properties.concurrency(), device,
                properties.announceInterval(), running,
                own != null ? own::chip : java.util.Optional::empty);
    }

    @Bean
    JobConsumer jobConsumer(ConnectionFactory connectionFactory, JobQueue queue, JobHandler handler,
            RunningJobs running, WorkerProperties properties, EventPublisher events, WorkerIdentity identity,
            Announcements workerAnnouncements) {
        return new JobConsumer(connectionFactory, queue, handler, running, properties, events, identity,
                workerAnnouncements);
    }

    /** What the worker computes on, as announced: the configured words, else the engine's compute backend. */
    static String device(WorkerProperties properties, EngineProperties engine) {
        if (!properties.device().isBlank()) {
            return properties.device();
        }
        int threads = engine.threads() > 0 ? engine.threads() : Runtime.getRuntime().availableProcessors();
        String simulator = "simulator on " + threads + " CPU thread" + (threads == 1 ? "" : "s") + " ("
                + engine.computeBackend() + " compute backend)";
        return properties.backend().equals("gpu") ? "GPU worker without a CUDA backend yet: " + simulator : simulator;
    }

    /** {@code <prefix>composer.control.<backend>.<instance>}, with the instance id reduced to safe characters. */
    static String controlQueueName(Topology topology, WorkerProperties properties, WorkerIdentity identity) {
        return topology.controlExchange() + "." + properties.backend() + "."
                + identity.id().replaceAll("[^A-Za-z0-9._-]", "-");
    }
}
