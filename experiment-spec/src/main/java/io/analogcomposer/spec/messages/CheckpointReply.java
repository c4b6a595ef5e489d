package io.analogcomposer.spec.messages;

/**
 * The answer to a {@link CheckpointRequest}: the latest saved state of the run, or none.
 *
 * @param epochsDone the epochs the saved session had finished (0 with no checkpoint)
 * @param content the saved session, or null when the run has none
 * @param sha256 hex SHA-256 of the content, or null
 */
public record CheckpointReply(String runId, int epochsDone, byte[] content, String sha256) {

    public static CheckpointReply none(String runId) {
        return new CheckpointReply(runId, 0, null, null);
    }

    /** Whether this reply carries a saved state whose digest matches. */
    public boolean present() {
        return content != null && content.length > 0 && sha256 != null
                && RunArtifact.sha256(content).equalsIgnoreCase(sha256);
    }
}
