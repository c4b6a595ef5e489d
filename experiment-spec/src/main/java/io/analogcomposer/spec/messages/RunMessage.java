package io.analogcomposer.spec.messages;

import java.time.Instant;
import java.util.UUID;

/**
 * What every message between the services carries: the contract version, a unique id (so consumers can drop
 * duplicates), the run and the attempt it belongs to, and when it was produced.
 */
public interface RunMessage {

    /** The current version of every message contract. A consumer rejects versions it does not know. */
    int VERSION = 1;

    /**
     * AMQP header naming the run a message is about, readable without parsing the body: a validator that cannot
     * read a message (too large, corrupt) can still fail the run with the reason instead of leaving it waiting.
     */
    String RUN_ID_HEADER = "x-composer-run-id";

    int messageVersion();

    /** Unique per message; a redelivered or re-published message keeps its id. */
    UUID eventId();

    String runId();

    /** 1 for the first execution of a run, incremented when a worker retries it. */
    int attempt();

    Instant timestamp();

    /**
     * An id derived from another message's id, the same every time: what the validator publishes for a request
     * that is redelivered carries the same ids as the first time, so consumers drop the duplicates.
     */
    static UUID derivedId(UUID source, String purpose) {
        return UUID.nameUUIDFromBytes((source + "/" + purpose).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Checks the header fields every record validates in its constructor. */
    static void checkHeader(int messageVersion, UUID eventId, String runId, int attempt, Instant timestamp) {
        if (messageVersion < 1) {
            throw new IllegalArgumentException("message_version must be at least 1, was " + messageVersion);
        }
        if (eventId == null || runId == null || runId.isBlank() || timestamp == null) {
            throw new IllegalArgumentException("event_id, run_id and timestamp are required");
        }
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
        }
    }
}
