package io.analogcomposer.api.run;

import io.analogcomposer.messaging.workers.LiveWorkers;
import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.meta.WireEnum;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Whether a queued run is waiting on a backend that has no live worker, what to tell its user, and when it gives
 * up. Every API replica hears every worker's announcements, so each answers the same.
 */
@Component
public class RunWaiting {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final LiveWorkers liveWorkers;
    private final Duration timeout;

    RunWaiting(LiveWorkers liveWorkers, RunTimeouts timeouts) {
        this.liveWorkers = liveWorkers;
        this.timeout = timeouts.noWorkerTimeout();
    }

    /** When this queued run fails for want of a worker; empty while it is not queued or its backend has one. */
    public Optional<Instant> deadline(Run run) {
        if (run.status() != RunStatus.VALIDATED || run.backend() == null) {
            return Optional.empty();
        }
        Backend backend = backend(run.backend());
        if (backend == null) {
            return Optional.empty();
        }
        return liveWorkers.noneSince(backend).map(since -> {
            Instant from = run.validatedAt() != null && run.validatedAt().isAfter(since) ? run.validatedAt() : since;
            return from.plus(timeout);
        });
    }

    /**
     * What the user should know about a run that does not move: "no worker for gpu is running; …". Nothing while this
     * replica has listened for less than one silence period: it may not have heard from the live workers yet.
     */
    public String detail(Run run) {
        if (Instant.now().isBefore(liveWorkers.listeningSince().plus(liveWorkers.silence()))) {
            return null;
        }
        return deadline(run).map(at -> noWorker(run.backend()) + "; the run fails at " + TIME.format(at)
                + " unless one starts").orElse(null);
    }

    /** The reason a run ends with when it waited too long. */
    public String failure(Run run) {
        return noWorker(run.backend()) + ": the run waited " + minutes(timeout) + " for one and was not started";
    }

    public Duration timeout() {
        return timeout;
    }

    static String noWorker(String backend) {
        return "no worker for " + backend + " is running";
    }

    private static String minutes(Duration d) {
        long seconds = d.toSeconds();
        return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }

    private static Backend backend(String wire) {
        int index = WireEnum.wireNames(Backend.class).indexOf(wire);
        return index < 0 ? null : Backend.values()[index];
    }
}
