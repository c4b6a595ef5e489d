package io.analogcomposer.spec.messages;

import java.time.Instant;
import java.util.UUID;

/**
 * The run failed while running (not during validation, see {@link RunRejected}).
 *
 * @param reason a sentence a user can act on
 * @param code a stable category, e.g. {@code worker_crashed}, {@code out_of_memory}, {@code dead_lettered}
 */
public record RunFailed(int messageVersion, UUID eventId, String runId, int attempt, Instant timestamp, String reason,
        String code) implements RunEvent {

    public RunFailed {
        RunMessage.checkHeader(messageVersion, eventId, runId, attempt, timestamp);
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a failure needs a reason");
        }
    }

    public static RunFailed of(String runId, int attempt, String reason, String code) {
        return new RunFailed(VERSION, UUID.randomUUID(), runId, attempt, Instant.now(), reason, code);
    }
}
