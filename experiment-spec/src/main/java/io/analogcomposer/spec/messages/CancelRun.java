package io.analogcomposer.spec.messages;

import java.time.Instant;
import java.util.UUID;

/**
 * Asks whoever holds the run to stop, published by the API on the control fanout exchange. A worker running it
 * stops at the next batch boundary and reports {@link RunCancelled}; a queued job already cancelled is
 * discarded on receipt.
 */
public record CancelRun(int messageVersion, UUID eventId, String runId, int attempt, Instant timestamp,
        String reason) implements RunMessage {

    public CancelRun {
        RunMessage.checkHeader(messageVersion, eventId, runId, attempt, timestamp);
    }

    public static CancelRun of(String runId, int attempt, String reason) {
        return new CancelRun(VERSION, UUID.randomUUID(), runId, attempt, Instant.now(), reason);
    }
}
