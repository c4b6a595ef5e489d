package io.analogcomposer.api.run;

import io.analogcomposer.messaging.Topology;
import java.time.Duration;
import java.util.stream.Stream;
import org.springframework.core.env.Environment;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Ends runs whose worker went silent. A worker that crashes normally loses its connection and the broker hands
 * the job to another worker; this catches the rest (a worker hung, or no worker left to take the job), so that
 * every accepted run reaches a terminal state.
 */
@Component
class RunWatchdog {

    private static final Logger log = LoggerFactory.getLogger(RunWatchdog.class);

    private final RunRepository runs;
    private final RunEventHandler handler;
    private final Duration silenceTimeout;
    private final Duration validationTimeout;
    private final Environment environment;

    RunWatchdog(RunRepository runs, RunEventHandler handler, Environment environment,
            @Value("${composer.runs.silence-timeout:10m}") Duration silenceTimeout,
            @Value("${composer.runs.validation-timeout:15m}") Duration validationTimeout) {
        this.runs = runs;
        this.handler = handler;
        this.silenceTimeout = silenceTimeout;
        this.validationTimeout = validationTimeout;
        this.environment = environment;
    }

    /**
     * Ends runs that ran longer than their backend allows ({@code composer.runs.max-duration.<backend>}, default
     * {@code composer.runs.max-duration}, 72 h): one valid but huge experiment must not hold a worker for weeks.
     */
    @Scheduled(fixedDelayString = "${composer.runs.watchdog-interval:30s}")
    void failOverlongRuns() {
        try {
            Instant now = Instant.now();
            Duration shortest = Stream.concat(Stream.of(maxDuration(null)),
                    Topology.BACKEND_KEYS.stream().map(this::maxDuration)).min(Duration::compareTo).orElseThrow();
            for (Run run : runs.startedBeforeIn(RunStatus.RUNNING, now.minus(shortest))) {
                Duration max = maxDuration(run.backend());
                if (run.startedAt() != null && run.startedAt().isBefore(now.minus(max))
                        && handler.failAndStop(run.id(), "The run exceeded the maximum duration of " + human(max)
                                + " on the " + run.backend() + " backend and was stopped", "timed_out")) {
                    log.warn("Run {} timed out after {} on {}", run.id(), max, run.backend());
                }
            }
        } catch (RuntimeException e) {
            log.debug("Watchdog pass over run durations failed: {}", e.getMessage());
        }
    }

    private Duration maxDuration(String backend) {
        Duration fallback = environment.getProperty("composer.runs.max-duration", Duration.class,
                Duration.ofHours(72));
        return backend == null
                ? fallback
                : environment.getProperty("composer.runs.max-duration." + backend, Duration.class, fallback);
    }

    private static String human(Duration d) {
        return d.toHours() >= 2
                ? d.toHours() + " h"
                : d.toMinutes() >= 2 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }

    /**
     * A validation takes milliseconds; a run still {@code validating} long after it was submitted lost its request
     * (a validator crashed without answering and nothing redelivered it), so it fails with that reason.
     */
    @Scheduled(fixedDelayString = "${composer.runs.watchdog-interval:30s}")
    void failUnansweredValidations() {
        try {
            for (Run run : runs.createdBeforeIn(RunStatus.VALIDATING, Instant.now().minus(validationTimeout))) {
                if (handler.failFromApi(run.id(), "No validator answered within " + validationTimeout.toMinutes()
                        + " min; submit the run again", "validation_timed_out")) {
                    log.warn("Run {} failed: still validating {} after submission", run.id(), validationTimeout);
                }
            }
        } catch (RuntimeException e) {
            log.debug("Watchdog pass over validations failed: {}", e.getMessage());
        }
    }

    @Scheduled(fixedDelayString = "${composer.runs.watchdog-interval:30s}")
    void failSilentRuns() {
        try {
            for (Run run : runs.silentSince(RunStatus.RUNNING, Instant.now().minus(silenceTimeout))) {
                if (handler.failFromApi(run.id(), "The worker running this run stopped reporting for "
                        + silenceTimeout.toMinutes() + " min and no other worker took it over", "worker_lost")) {
                    log.warn("Run {} failed: worker {} silent since {}", run.id(), run.worker(), run.lastSeenAt());
                }
            }
        } catch (RuntimeException e) {
            log.debug("Watchdog pass failed: {}", e.getMessage());
        }
    }
}
