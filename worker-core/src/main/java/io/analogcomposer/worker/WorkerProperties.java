package io.analogcomposer.worker;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What this worker process serves and how it behaves around a job.
 *
 * @param backend the backend queue it consumes ({@code cpu}, {@code gpu} or {@code hardware}); each worker
 *        application sets its own
 * @param concurrency how many jobs it runs at the same time (each job takes one message, prefetch 1)
 * @param autoStartup whether it starts consuming when the application starts (tests start it by hand)
 * @param heartbeatInterval how often a running job announces that its worker is alive; the API may consider a run
 *        whose heartbeats stop for a few intervals as lost
 * @param publishTimeout how long a terminal event may take to be confirmed by the broker (with retries) before the
 *        job is handed back to the queue instead of acknowledged
 * @param shutdown what happens to a running job when the worker is asked to stop
 * @param cancellation how cancellations of jobs not taken yet are remembered
 * @param announceInterval how often the worker announces itself (backend, capacity, device) while it consumes, so the
 *        validator routes {@code backend: auto} only to backends with a live worker and the API can tell users whose
 *        run waits on a backend without one; receivers forget a worker after {@code composer.live-workers.silence}
 * @param device what the worker computes on, as announced to users and operators; empty: described by the worker
 */
@ConfigurationProperties("composer.worker")
public record WorkerProperties(String backend, @DefaultValue("1") int concurrency,
        @DefaultValue("true") boolean autoStartup, @DefaultValue("10s") Duration heartbeatInterval,
        @DefaultValue("30s") Duration publishTimeout, @DefaultValue Shutdown shutdown,
        @DefaultValue Cancellation cancellation, @DefaultValue("10s") Duration announceInterval,
        @DefaultValue("") String device) {

    public static final List<String> BACKENDS = List.of("cpu", "gpu", "hardware");

    public WorkerProperties {
        if (backend == null || !BACKENDS.contains(backend)) {
            throw new IllegalArgumentException(
                    "composer.worker.backend must be one of cpu, gpu, hardware; was " + backend);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("composer.worker.concurrency must be at least 1, was " + concurrency);
        }
        requirePositive("composer.worker.heartbeat-interval", heartbeatInterval);
        requirePositive("composer.worker.publish-timeout", publishTimeout);
        announceInterval = announceInterval == null ? Duration.ofSeconds(10) : announceInterval;
        requirePositive("composer.worker.announce-interval", announceInterval);
        device = device == null ? "" : device;
        shutdown = shutdown == null ? new Shutdown(Duration.ofSeconds(30), 0.9) : shutdown;
        cancellation = cancellation == null ? new Cancellation(10_000, Duration.ofHours(24)) : cancellation;
    }

    /** The defaults for a backend, as the binder would produce them without further settings. */
    public static WorkerProperties defaults(String backend) {
        return new WorkerProperties(backend, 1, true, Duration.ofSeconds(10), Duration.ofSeconds(30), null, null,
                Duration.ofSeconds(10), "");
    }

    /**
     * Graceful shutdown.
     *
     * @param grace how long stopping waits for a running job to reach a batch boundary and be handed back (or to
     *        finish); after it the broker requeues the job when the connection closes
     * @param finishAbove a job at least this far (fraction of its steps, 0..1) is finished instead of handed back,
     *        because restarting it elsewhere would cost more than waiting
     */
    public record Shutdown(@DefaultValue("30s") Duration grace, @DefaultValue("0.9") double finishAbove) {
        public Shutdown {
            requirePositive("composer.worker.shutdown.grace", grace);
            if (!(finishAbove >= 0 && finishAbove <= 1)) {
                throw new IllegalArgumentException(
                        "composer.worker.shutdown.finish-above must be in [0, 1], was " + finishAbove);
            }
        }
    }

    /**
     * Cancellations that arrive before their job: the job is discarded when it arrives.
     *
     * @param remember at most this many cancelled runs are remembered (oldest forgotten first), so a flood of
     *        cancellations cannot exhaust memory
     * @param rememberFor how long a cancellation is remembered
     */
    public record Cancellation(@DefaultValue("10000") int remember, @DefaultValue("24h") Duration rememberFor) {
        public Cancellation {
            if (remember < 1) {
                throw new IllegalArgumentException(
                        "composer.worker.cancellation.remember must be at least 1, was " + remember);
            }
            requirePositive("composer.worker.cancellation.remember-for", rememberFor);
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
        }
    }
}
