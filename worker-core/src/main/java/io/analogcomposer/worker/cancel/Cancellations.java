package io.analogcomposer.worker.cancel;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The runs this worker was asked to cancel. A running job asks {@link #reason} between batches; a job that arrives
 * later is discarded on receipt. The set is bounded and entries expire, so cancellations of runs this worker never
 * sees cannot pile up: a cancelled job is normally consumed (or already running) within minutes.
 */
public final class Cancellations {

    private record Entry(String reason, Instant expires) {}

    private final int capacity;
    private final Duration rememberFor;
    private final Clock clock;
    /** Insertion-ordered, so the oldest cancellation is the first to go when the set is full. */
    private final LinkedHashMap<String, Entry> cancelled = new LinkedHashMap<>();

    public Cancellations(int capacity, Duration rememberFor, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.rememberFor = rememberFor;
        this.clock = clock;
    }

    /** Remembers that the run is cancelled, with the reason to report. */
    public synchronized void cancel(String runId, String reason) {
        Instant now = clock.instant();
        cancelled.remove(runId);
        cancelled.put(runId, new Entry(reason == null || reason.isBlank() ? "cancelled" : reason,
                now.plus(rememberFor)));
        evict(now);
    }

    /** Why the run was cancelled, if it was (and not so long ago that it was forgotten). */
    public synchronized Optional<String> reason(String runId) {
        Entry entry = cancelled.get(runId);
        if (entry == null) {
            return Optional.empty();
        }
        if (!entry.expires().isAfter(clock.instant())) {
            cancelled.remove(runId);
            return Optional.empty();
        }
        return Optional.of(entry.reason());
    }

    public boolean isCancelled(String runId) {
        return reason(runId).isPresent();
    }

    /** How many cancellations are remembered. */
    public synchronized int size() {
        evict(clock.instant());
        return cancelled.size();
    }

    private void evict(Instant now) {
        // Entries are in insertion order and all live equally long, so expired ones are at the head.
        Iterator<Map.Entry<String, Entry>> it = cancelled.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Entry> e = it.next();
            if (cancelled.size() > capacity || !e.getValue().expires().isAfter(now)) {
                it.remove();
            } else {
                break;
            }
        }
    }
}
