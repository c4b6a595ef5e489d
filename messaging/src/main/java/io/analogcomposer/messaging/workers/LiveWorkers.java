package io.analogcomposer.messaging.workers;

import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.messages.ChipStatus;
import io.analogcomposer.spec.messages.WorkerAnnouncement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The workers this service heard announce themselves ({@link WorkerAnnouncement}) and has not yet given up on. Each
 * service instance keeps its own copy, filled from its own queue on the events exchange, so every API replica and
 * every validator instance knows the same workers without sharing state. A worker is live until it says it is leaving
 * or stays silent for {@code silence} (at least two of its announcement intervals). Times are this instance's clock
 * at receipt, so clocks that disagree between machines do not matter. Thread-safe.
 */
public final class LiveWorkers {

    /**
     * A live worker as last heard.
     *
     * @param heardAt when this instance last received its announcement
     * @param expiresAt when it stops counting as live unless it announces itself again
     * @param chip the chip a hardware worker drives, as it last announced it (null for other workers)
     */
    public record Worker(String id, Backend backend, int capacity, int busy, String device, Instant heardAt,
            Instant expiresAt, ChipStatus chip) {}

    /** The live workers of one backend, summed up. */
    public record BackendWorkers(Backend backend, int workers, int capacity, int busy, List<Worker> instances) {}

    private final Duration silence;
    private final Clock clock;
    private final Instant listeningSince;
    private final Map<String, Worker> workers = new HashMap<>();
    /** When a worker of each backend was last live (its last announcement's expiry, or now while one is live). */
    private final Map<Backend, Instant> lastLive = new EnumMap<>(Backend.class);
    private final List<Consumer<Worker>> arrivals = new CopyOnWriteArrayList<>();

    public LiveWorkers(Duration silence, Clock clock) {
        this.silence = silence;
        this.clock = clock;
        this.listeningSince = clock.instant();
    }

    /** Calls {@code listener} (on the receiving thread) whenever a worker not live until now announces itself. */
    public void onArrival(Consumer<Worker> listener) {
        arrivals.add(listener);
    }

    /** Records an announcement. */
    public void heard(WorkerAnnouncement announcement) {
        Instant now = clock.instant();
        Worker arrived = null;
        synchronized (this) {
            expire(now);
            if (announcement.leaving()) {
                Worker gone = workers.remove(announcement.worker());
                if (gone != null) {
                    lastLive.put(gone.backend(), now);
                }
                return;
            }
            Duration keep = max(silence, Duration.ofMillis(announcement.intervalMillis()).multipliedBy(2));
            Worker worker = new Worker(announcement.worker(), announcement.backend(), announcement.capacity(),
                    announcement.busy(), announcement.device(), now, now.plus(keep), announcement.chip());
            if (workers.put(worker.id(), worker) == null) {
                arrived = worker;
            }
            lastLive.merge(worker.backend(), worker.expiresAt(), LiveWorkers::later);
        }
        if (arrived != null) {
            for (Consumer<Worker> listener : arrivals) {
                listener.accept(arrived);
            }
        }
    }

    /** Whether at least one worker of this backend is live. */
    public synchronized boolean live(Backend backend) {
        expire(clock.instant());
        return workers.values().stream().anyMatch(w -> w.backend() == backend);
    }

    /** Every live worker, by backend then id. */
    public synchronized List<Worker> workers() {
        expire(clock.instant());
        List<Worker> list = new ArrayList<>(workers.values());
        list.sort(Comparator.comparing(Worker::backend).thenComparing(Worker::id));
        return list;
    }

    /** The live workers of one backend, summed up (zero workers when none is live). */
    public BackendWorkers of(Backend backend) {
        List<Worker> mine = workers().stream().filter(w -> w.backend() == backend).toList();
        return new BackendWorkers(backend, mine.size(), mine.stream().mapToInt(Worker::capacity).sum(),
                mine.stream().mapToInt(Worker::busy).sum(), mine);
    }

    /**
     * Since when this backend has had no live worker as far as this instance can tell: the moment its last worker
     * expired or left, or, when none was heard at all, the moment this instance started listening (it cannot know
     * what happened before). Empty while a worker of the backend is live.
     */
    public synchronized Optional<Instant> noneSince(Backend backend) {
        Instant now = clock.instant();
        expire(now);
        if (workers.values().stream().anyMatch(w -> w.backend() == backend)) {
            return Optional.empty();
        }
        Instant last = lastLive.get(backend);
        return Optional.of(last == null ? listeningSince : later(last, listeningSince));
    }

    /** When this instance started listening for announcements. */
    public Instant listeningSince() {
        return listeningSince;
    }

    /** How long a silent worker stays live. */
    public Duration silence() {
        return silence;
    }

    private void expire(Instant now) {
        workers.values().removeIf(w -> !w.expiresAt().isAfter(now));
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
