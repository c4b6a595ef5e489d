package io.analogcomposer.api.run;

import io.analogcomposer.api.outbox.Outbox;
import io.analogcomposer.messaging.Topology;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The run lifecycle in numbers for operators: runs submitted and finished per backend, how long runs wait in a
 * queue and run, how far the outbox lags, and how deep each job queue is.
 */
@Component
public class RunMetrics {

    private final MeterRegistry registry;
    private final AmqpAdmin admin;
    private final Map<String, Double> queueDepths = new ConcurrentHashMap<>();
    private final List<String> queues = new ArrayList<>();

    RunMetrics(MeterRegistry registry, AmqpAdmin admin, Topology topology, Outbox outbox) {
        this.registry = registry;
        this.admin = admin;
        Gauge.builder("composer.outbox.lag", outbox, Outbox::lagSeconds).baseUnit("seconds")
                .description("Age of the oldest message not yet published").register(registry);
        queues.add(topology.validateQueue());
        for (String backend : Topology.BACKEND_KEYS) {
            queues.add(topology.jobQueue(backend));
        }
        queues.add(topology.eventsQueue());
        for (String queue : queues) {
            queueDepths.put(queue, Double.NaN);
            Gauge.builder("composer.queue.depth", queueDepths, m -> m.getOrDefault(queue, Double.NaN))
                    .tag("queue", queue).description("Messages ready in the queue").register(registry);
        }
    }

    void submitted(String backend) {
        Counter.builder("composer.runs.submitted").tag("backend", backend == null ? "auto" : backend)
                .register(registry).increment();
    }

    void transition(Run run, RunStatus before) {
        String backend = run.backend() == null ? "none" : run.backend();
        if (run.status() == RunStatus.RUNNING && before != RunStatus.RUNNING && run.validatedAt() != null
                && run.startedAt() != null) {
            Timer.builder("composer.runs.queue.wait").tag("backend", backend).register(registry)
                    .record(Duration.between(run.validatedAt(), run.startedAt()));
        }
        if (run.status().terminal()) {
            Counter.builder("composer.runs.finished").tag("backend", backend).tag("status", run.status().wireName())
                    .register(registry).increment();
            if (run.startedAt() != null && run.finishedAt() != null) {
                Timer.builder("composer.runs.duration").tag("backend", backend)
                        .tag("status", run.status().wireName()).register(registry)
                        .record(Duration.between(run.startedAt(), run.finishedAt()));
            }
        }
    }

    /** Queue depths are read from the broker periodically, not on every scrape. */
    @Scheduled(fixedDelayString = "${composer.metrics.queue-depth-interval:15s}")
    void refreshQueueDepths() {
        for (String queue : queues) {
            try {
                QueueInformation info = admin.getQueueInfo(queue);
                queueDepths.put(queue, info == null ? Double.NaN : info.getMessageCount());
            } catch (RuntimeException e) {
                queueDepths.put(queue, Double.NaN);
            }
        }
    }
}
