package io.analogcomposer.worker.job;

import io.analogcomposer.worker.WorkerIdentity;
import io.analogcomposer.worker.WorkerProperties;
import io.analogcomposer.worker.events.EventPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.SmartLifecycle;

/**
 * Consumes this worker's backend queue: prefetch 1 and manual acknowledgements, so a job stays on the broker until
 * its outcome is, and {@code concurrency} consumers, each running one job at a time.
 *
 * <p>It owns its listener container instead of exposing it as a bean so that stopping happens in the right order:
 * first stop taking jobs and ask the running ones to stop at a batch boundary (or let nearly finished ones end),
 * then let the container wait up to the grace period for them to be handed back and acknowledged.
 */
public final class JobConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobConsumer.class);

    private final ConnectionFactory connectionFactory;
    private final JobQueue queue;
    private final JobHandler handler;
    private final RunningJobs running;
    private final WorkerProperties properties;
    private final Heartbeats heartbeats;
    private final Announcements announcements;
    private SimpleMessageListenerContainer container;

    public JobConsumer(ConnectionFactory connectionFactory, JobQueue queue, JobHandler handler, RunningJobs running,
            WorkerProperties properties, EventPublisher events, WorkerIdentity worker, Announcements announcements) {
        if (!connectionFactory.isPublisherConfirms()) {
            throw new IllegalStateException("The worker acknowledges a job only after the broker confirmed its"
                    + " outcome: set spring.rabbitmq.publisher-confirm-type=correlated");
        }
        this.connectionFactory = connectionFactory;
        this.queue = queue;
        this.handler = handler;
        this.running = running;
        this.properties = properties;
        this.heartbeats = new Heartbeats(running, events, worker, properties.heartbeatInterval());
        this.announcements = announcements;
    }

    @Override
    public synchronized void start() {
        if (container != null) {
            return;
        }
        running.resume();
        SimpleMessageListenerContainer c = new SimpleMessageListenerContainer(connectionFactory);
        c.setQueueNames(queue.queueName());
        c.setPrefetchCount(1);
        c.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        c.setConcurrentConsumers(properties.concurrency());
        // time for a running job to reach a batch boundary and be handed back (or to finish), plus recording that
        c.setShutdownTimeout(properties.shutdown().grace().plus(properties.publishTimeout()).toMillis());
        // the topology may be declared a moment after this starts (another service, a broker restart): keep trying
        c.setMissingQueuesFatal(false);
        c.setMessageListener(handler);
        c.afterPropertiesSet();
        // announce first: whoever listens learns of this worker (and re-sends the cancellations of jobs it may find
        // in its queue) as early as possible
        announcements.start();
        c.start();
        container = c;
        heartbeats.start();
        log.info("Consuming {} with {} consumer(s)", queue.queueName(), properties.concurrency());
    }

    @Override
    public synchronized void stop() {
        if (container == null) {
            return;
        }
        running.beginShutdown(properties.shutdown().finishAbove());
        // say so first: while the running jobs are handed back, nothing should be routed here any more
        announcements.stop();
        container.stop();
        container.destroy();
        container = null;
        heartbeats.stop();
        log.info("Stopped consuming {}", queue.queueName());
    }

    @Override
    public synchronized boolean isRunning() {
        return container != null;
    }

    @Override
    public boolean isAutoStartup() {
        return properties.autoStartup();
    }
}
