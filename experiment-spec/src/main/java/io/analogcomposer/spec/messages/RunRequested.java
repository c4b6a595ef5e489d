package io.analogcomposer.spec.messages;

import io.analogcomposer.spec.experiment.Backend;
import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A run to validate, published by the API on {@code composer.jobs} with key {@code validate}. The document is
 * carried as submitted (it may be invalid; that is what validation finds out).
 *
 * @param experimentId the experiment the run belongs to
 * @param userId who submitted it, for quotas
 * @param backend the backend requested for this run, overriding the document's {@code backend}; may be null
 * @param document the experiment document exactly as submitted
 * @param targetConductances the uploaded file the document names in {@code inference.target_conductances}, or null
 *        (also in messages from before the field existed)
 * @param uploadedDataset the user's uploaded dataset the document names in {@code dataset.name}, with its facts and
 *        content, or null (also in messages from before the field existed)
 */
public record RunRequested(int messageVersion, UUID eventId, String runId, int attempt, Instant timestamp,
        String experimentId, String userId, Backend backend, JsonNode document, TargetConductances targetConductances,
        UploadedDataset uploadedDataset) implements RunMessage {

    public RunRequested {
        RunMessage.checkHeader(messageVersion, eventId, runId, attempt, timestamp);
    }

    /** A request without an uploaded dataset. */
    public RunRequested(int messageVersion, UUID eventId, String runId, int attempt, Instant timestamp,
            String experimentId, String userId, Backend backend, JsonNode document,
            TargetConductances targetConductances) {
        this(messageVersion, eventId, runId, attempt, timestamp, experimentId, userId, backend, document,
                targetConductances, null);
    }

    /** A first-attempt request with a fresh id and the current time. */
    public static RunRequested of(String runId, String experimentId, String userId, Backend backend,
            JsonNode document) {
        return of(runId, experimentId, userId, backend, document, null);
    }

    /** A first-attempt request carrying an uploaded conductance file. */
    public static RunRequested of(String runId, String experimentId, String userId, Backend backend,
            JsonNode document, TargetConductances targetConductances) {
        return of(runId, experimentId, userId, backend, document, targetConductances, null);
    }

    /** A first-attempt request carrying an uploaded conductance file and/or an uploaded dataset (either null). */
    public static RunRequested of(String runId, String experimentId, String userId, Backend backend,
            JsonNode document, TargetConductances targetConductances, UploadedDataset uploadedDataset) {
        return new RunRequested(VERSION, UUID.randomUUID(), runId, 1, Instant.now(), experimentId, userId, backend,
                document, targetConductances, uploadedDataset);
    }
}
