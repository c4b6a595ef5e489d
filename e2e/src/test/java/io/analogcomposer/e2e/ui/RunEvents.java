package io.analogcomposer.e2e.ui;

import io.analogcomposer.messaging.Topology;
import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.RunEvent;
import io.analogcomposer.spec.messages.RunRequested;
import io.analogcomposer.spec.messages.RunStarted;
import io.analogcomposer.spec.messages.RunValidated;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Plays the validator and the worker over the real broker, with the events exactly as they are written on the
 * wire, so a browser test can watch a run progress without running the engine.
 */
final class RunEvents {

    private final RabbitTemplate rabbit;
    private final Topology topology;

    RunEvents(RabbitTemplate rabbit, Topology topology) {
        this.rabbit = rabbit;
        this.topology = topology;
    }

    /** Takes this run's validation job from the validation queue (jobs of other runs are dropped). */
    RunRequested takeValidationJob(String runId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            Message m = rabbit.receive(topology.validateQueue(), 200);
            if (m != null) {
                RunRequested job = SpecJson.read(new String(m.getBody(), StandardCharsets.UTF_8), RunRequested.class);
                if (job.runId().equals(runId)) {
                    return job;
                }
            }
        }
        throw new AssertionError("no validation job for run " + runId);
    }

    /** Takes the validation jobs of these runs, in whatever order they come (jobs of other runs are dropped). */
    java.util.Map<String, RunRequested> takeValidationJobs(String... runIds) {
        java.util.Map<String, RunRequested> jobs = new java.util.HashMap<>();
        java.util.Set<String> wanted = java.util.Set.of(runIds);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (jobs.size() < wanted.size() && System.nanoTime() < deadline) {
            Message m = rabbit.receive(topology.validateQueue(), 200);
            if (m != null) {
                RunRequested job = SpecJson.read(new String(m.getBody(), StandardCharsets.UTF_8), RunRequested.class);
                if (wanted.contains(job.runId())) {
                    jobs.put(job.runId(), job);
                }
            }
        }
        if (jobs.size() < wanted.size()) {
            throw new AssertionError("no validation jobs for all of " + wanted + "; got " + jobs.keySet());
        }
        return jobs;
    }

    /** Validated, then started on a CPU worker. */
    RunRequested start(String runId) {
        RunRequested job = takeValidationJob(runId);
        publish(RunValidated.of(job, Backend.CPU, List.of()));
        publish(RunStarted.of(runId, 1, Backend.CPU, "worker-ui-test"));
        return job;
    }

    void publish(RunEvent event) {
        rabbit.send(topology.eventsExchange(), event.routingKey(),
                new Message(SpecJson.write(event).getBytes(StandardCharsets.UTF_8)));
    }
}
