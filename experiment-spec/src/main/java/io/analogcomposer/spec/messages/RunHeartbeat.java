package io.analogcomposer.spec.messages;

import java.time.Instant;
import java.util.UUID;

/**
 * The worker holding the run is alive, sent periodically while it runs. It changes no state; it lets the API
 * notice a run whose worker vanished without the broker redelivering its job.
 *
 * @param worker the worker instance (host and process)
 */
public record RunHeartbeat(int messageVersion, UUID eventId, String runId, int attempt, Instant timestamp,
        String worker) implements RunEvent {

    public RunHeartbeat {
        RunMessage.checkHeader(messageVersion, eventId, runId, attempt, timestamp);
    }

    public static RunHeartbeat of(String runId, int attempt, String worker) {
        return new RunHeartbeat(VERSION, UUID.randomUUID(), runId, attempt, Instant.now(), worker);
    }
}
