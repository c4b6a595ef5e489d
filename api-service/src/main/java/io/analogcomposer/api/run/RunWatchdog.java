package io.analogcomposer.api.run;

import java.time.Duration;
import io.analogcomposer.messaging.workers.LiveWorkers;
import io.analogcomposer.spec.experiment.Backend;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
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
    private final LiveWorkers liveWorkers;
    private final RunWaiting waiting;

    RunWatchdog(RunRepository runs, RunEventHandler handler,
            @Value("${composer.runs.silence-timeout:10m}") Duration silenceTimeout, LiveWorkers liveWorkers,
            RunWaiting waiting) {
        this.runs = runs;
        this.handler = handler;
        this.silenceTimeout = silenceTimeout;
        this.liveWorkers = liveWorkers;
        this.waiting = waiting;
    }

    /**
     * Fails runs queued on a backend that has had no live worker for {@code composer.runs.no-worker-timeout}: nobody
     * would ever take them. Every replica checks; the run's lock and state machine make one of them win.
     */
    @Scheduled(fixedDelayString = "${composer.runs.watchdog-interval:30s}")
    void failRunsWithoutWorker() {
        try {
            List<String> deserted = Arrays.stream(Backend.values()).filter(b -> b != Backend.AUTO)
                    .filter(b -> !liveWorkers.live(b)).map(Backend::wire).toList();
            if (deserted.isEmpty()) {
                return;
            }
            for (Run run : runs.queuedOn(RunStatus.VALIDATED, deserted, Instant.now().minus(waiting.timeout()))) {
                if (handler.failWithoutWorker(run.id())) {
                    log.warn("Run {} failed: no worker for {} is running", run.id(), run.backend());
                }
            }
        } catch (RuntimeException e) {
            log.debug("No-worker watchdog pass failed: {}", e.getMessage());
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
