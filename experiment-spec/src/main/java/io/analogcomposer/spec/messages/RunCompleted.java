package io.analogcomposer.spec.messages;

import java.time.Instant;
import java.util.UUID;

/** The run finished; its result document. */
public record RunCompleted(int messageVersion, UUID eventId, String runId, int attempt, Instant timestamp,
        RunResult result) implements RunEvent {

    public RunCompleted {
        RunMessage.checkHeader(messageVersion, eventId, runId, attempt, timestamp);
        if (result == null) {
            throw new IllegalArgumentException("a completed run needs its result");
        }
    }

    public static RunCompleted of(String runId, int attempt, RunResult result) {
        return new RunCompleted(VERSION, UUID.randomUUID(), runId, attempt, Instant.now(), result);
    }
}
