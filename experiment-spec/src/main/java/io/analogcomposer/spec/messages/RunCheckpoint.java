package io.analogcomposer.spec.messages;

import java.time.Instant;
import java.util.UUID;

/**
 * The training state of a run saved by its worker at an epoch boundary, kept by the API so that a later attempt
 * (after the worker was killed or handed the job back) continues from it instead of from the first epoch. It changes
 * no state of the run. The content (the engine's saved session) travels base64-encoded in the JSON.
 *
 * @param epochsDone the epochs the saved session had finished
 * @param content the saved session
 * @param sha256 hex SHA-256 of the content, checked by the receiver
 */
public record RunCheckpoint(int messageVersion, UUID eventId, String runId, int attempt, Instant timestamp,
        int epochsDone, byte[] content, String sha256) implements RunEvent {

    public RunCheckpoint {
        RunMessage.checkHeader(messageVersion, eventId, runId, attempt, timestamp);
        if (epochsDone < 1) {
            throw new IllegalArgumentException("a checkpoint follows at least one epoch, got " + epochsDone);
        }
        if (content == null || content.length == 0) {
            throw new IllegalArgumentException("a checkpoint needs its content");
        }
    }

    public static RunCheckpoint of(String runId, int attempt, int epochsDone, byte[] content) {
        return new RunCheckpoint(VERSION, UUID.randomUUID(), runId, attempt, Instant.now(), epochsDone, content,
                RunArtifact.sha256(content));
    }
}
