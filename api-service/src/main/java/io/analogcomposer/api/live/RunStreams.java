package io.analogcomposer.api.live;

import io.analogcomposer.api.run.RunChanged;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-Sent Event streams of runs. A follower first gets the run's current status, then every committed
 * change (status and metric events) until the run ends; changes are pushed only after their transaction
 * committed, so a browser never sees a state the database does not have, and reach every API replica through
 * {@link LiveFanout}.
 */
@Component
public class RunStreams {

    private static final long TIMEOUT_MILLIS = Duration.ofHours(2).toMillis();

    private final Map<UUID, List<SseEmitter>> followers = new ConcurrentHashMap<>();

    /** Opens a stream for one run, starting with its current status; a finished run's stream ends at once. */
    public SseEmitter follow(UUID runId, Map<String, Object> currentStatus, boolean finished,
            Supplier<Map<String, Object>> statusNow) {
        SseEmitter emitter = new SseEmitter(TIMEOUT_MILLIS);
        if (finished) {
            try {
                emitter.send(SseEmitter.event().name("status").data(currentStatus));
                emitter.complete();
            } catch (IOException e) {
                emitter.completeWithError(e);
            }
            return emitter;
        }
        // registered before the first event: every change committed after a client has seen that event reaches it,
        // so a page that reads the run's metrics once the first event arrives misses none (see live.js)
        List<SseEmitter> list = followers.computeIfAbsent(runId, id -> new CopyOnWriteArrayList<>());
        list.add(emitter);
        Runnable remove = () -> list.remove(emitter);
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(e -> remove.run());
        try {
            emitter.send(SseEmitter.event().name("status").data(currentStatus));
        } catch (IOException | IllegalStateException e) {
            list.remove(emitter);
            emitter.completeWithError(e);
            return emitter;
        }
        // the run may have ended between reading its status and registering here, its last change delivered to
        // nobody: look again, so a follower never waits for an end that already happened
        Map<String, Object> now = statusNow.get();
        if (now != null && isTerminal(now.get("status"))) {
            try {
                emitter.send(SseEmitter.event().name("status").data(now));
                emitter.complete();
            } catch (IOException | IllegalStateException e) {
                list.remove(emitter);
            }
        }
        return emitter;
    }

    /** Pushes a committed change to this replica's followers of the run (see {@link LiveFanout}). */
    void deliver(RunChanged change) {
        List<SseEmitter> list = followers.get(change.runId());
        if (list == null) {
            return;
        }
        boolean ended = "status".equals(change.type()) && isTerminal(change.data().get("status"));
        for (SseEmitter emitter : list) {
            try {
                emitter.send(SseEmitter.event().name(change.type()).data(change.data()));
                if (ended) {
                    emitter.complete();
                }
            } catch (IOException | IllegalStateException e) {
                list.remove(emitter);
            }
        }
        if (ended) {
            followers.remove(change.runId());
        }
    }

    /** A comment every 15 s keeps idle connections open through proxies and notices browsers that left. */
    @Scheduled(fixedDelay = 15, timeUnit = TimeUnit.SECONDS)
    void keepAlive() {
        followers.values().forEach(list -> list.forEach(emitter -> {
            try {
                emitter.send(SseEmitter.event().comment("keep-alive"));
            } catch (IOException | IllegalStateException e) {
                list.remove(emitter);
            }
        }));
    }

    int followerCount(UUID runId) {
        List<SseEmitter> list = followers.get(runId);
        return list == null ? 0 : list.size();
    }

    private static boolean isTerminal(Object status) {
        return "completed".equals(status) || "failed".equals(status) || "cancelled".equals(status);
    }
}
