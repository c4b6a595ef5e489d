package io.analogcomposer.api.run;

import java.time.Duration;
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

    RunWatchdog(RunRepository runs, RunEventHandler handler,
            @Value("${composer.runs.silence-timeout:10m}") Duration silenceTimeout,
            @Value("${composer.runs.validation-timeout:15m}") Duration validationTimeout) {
        this.runs = runs;
        this.handler = handler;
        this.silenceTimeout = silenceTimeout;
        this.validationTimeout = validationTimeout;
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
