package io.analogcomposer.worker.job;

import io.analogcomposer.spec.messages.RunEvent;
import io.analogcomposer.spec.messages.RunFailed;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * What operators watch on a worker ({@code /actuator/prometheus}): jobs running now, how jobs ended (by outcome and
 * failure code) and how long executions took. Queue depth is the broker's to report.
 */
public final class JobMetrics {

    private final MeterRegistry registry;
    private final String backend;

    public JobMetrics(MeterRegistry registry, String backend, RunningJobs running) {
        this.registry = registry;
        this.backend = backend;
        Gauge.builder("composer.worker.runs.active", running, r -> r.snapshot().size())
                .description("Jobs this worker is running").tag("backend", backend).register(registry);
    }

    /** A job ended with this terminal event; {@code executed} is null when it never ran (cancelled, crashed). */
    void ended(RunEvent terminal, Duration executed) {
        String code = terminal instanceof RunFailed failed && failed.code() != null ? failed.code() : "none";
        count(terminal.eventName(), code);
        if (executed != null) {
            time(terminal.eventName(), executed);
        }
    }

    /** A job was stopped for a shutdown and put back on its queue. */
    void handedBack(Duration executed) {
        count("handed_back", "none");
        time("handed_back", executed);
    }

    /** A message no worker can read was moved to the dead-letter queue. */
    void deadLettered() {
        count("dead_lettered", "none");
    }

    private void count(String outcome, String code) {
        Counter.builder("composer.worker.runs.ended").description("Jobs this worker finished with, by outcome")
                .tags("backend", backend, "outcome", outcome, "code", code).register(registry).increment();
    }

    private void time(String outcome, Duration executed) {
        Timer.builder("composer.worker.run.duration").description("Time from a job's start to its end on a worker")
                .tags("backend", backend, "outcome", outcome).register(registry).record(executed);
    }
}
