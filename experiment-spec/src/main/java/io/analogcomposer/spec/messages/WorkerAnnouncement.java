package io.analogcomposer.spec.messages;

import io.analogcomposer.spec.experiment.Backend;
import java.time.Instant;
import java.util.UUID;

/**
 * A worker says that it exists and consumes its backend's queue, published on {@code composer.events} with key
 * {@code worker.announce} every {@code interval} while it consumes, and once with {@code leaving = true} when it
 * stops. The API and the validator keep the workers they heard from within a few intervals as live: the validator
 * routes {@code backend: auto} only to a backend with a live worker, and the API tells a user whose run waits on a
 * backend without one.
 *
 * @param worker the worker instance (host, process and a random suffix), unique per process
 * @param backend the backend queue it consumes (never {@code auto})
 * @param capacity how many jobs it runs at the same time
 * @param busy how many jobs it is running now
 * @param device what it computes on, for people ("CPU, 16 cores, java", "emulated Fusion PCM chip at …")
 * @param intervalMillis how long until its next announcement, in milliseconds; a receiver forgets it after a few intervals of silence
 * @param leaving true in the last announcement of a worker that stops consuming
 * @param chip the PCM chip a hardware worker drives, as it last found it; null for other workers (and in
 *            announcements of workers older than this field)
 */
public record WorkerAnnouncement(int messageVersion, UUID eventId, Instant timestamp, String worker, Backend backend,
        int capacity, int busy, String device, long intervalMillis, boolean leaving, ChipStatus chip) {

    /** Routing key on {@code composer.events}; not under {@code run.#}, so it never reaches the run events queue. */
    public static final String ROUTING_KEY = "worker.announce";

    public WorkerAnnouncement {
        if (messageVersion < 1) {
            throw new IllegalArgumentException("message_version must be at least 1, was " + messageVersion);
        }
        if (eventId == null || timestamp == null || worker == null || worker.isBlank()) {
            throw new IllegalArgumentException("event_id, timestamp and worker are required");
        }
        if (backend == null || backend == Backend.AUTO) {
            throw new IllegalArgumentException("a worker announces a concrete backend, not " + backend);
        }
        if (capacity < 1 || busy < 0) {
            throw new IllegalArgumentException("capacity must be at least 1 and busy at least 0, were " + capacity
                    + " and " + busy);
        }
        if (intervalMillis < 1) {
            throw new IllegalArgumentException("interval_millis must be positive, was " + intervalMillis);
        }
    }

    public static WorkerAnnouncement of(String worker, Backend backend, int capacity, int busy, String device,
            long intervalMillis, boolean leaving) {
        return of(worker, backend, capacity, busy, device, intervalMillis, leaving, null);
    }

    /** An announcement with the chip a hardware worker drives. */
    public static WorkerAnnouncement of(String worker, Backend backend, int capacity, int busy, String device,
            long intervalMillis, boolean leaving, ChipStatus chip) {
        return new WorkerAnnouncement(RunMessage.VERSION, UUID.randomUUID(), Instant.now(), worker, backend, capacity,
                busy, device, intervalMillis, leaving, chip);
    }
}
