package io.analogcomposer.spec.messages;

import java.time.Instant;
import java.util.UUID;

/** The run stopped because it was cancelled. */
public record RunCancelled(int messageVersion, UUID eventId, String runId, int attempt, Instant timestamp,
        String reason) implements RunEvent {

    public RunCancelled {
        RunMessage.checkHeader(messageVersion, eventId, runId, attempt, timestamp);
    }

    public static RunCancelled of(String runId, int attempt, String reason) {
        return new RunCancelled(VERSION, UUID.randomUUID(), runId, attempt, Instant.now(), reason);
    }
}
