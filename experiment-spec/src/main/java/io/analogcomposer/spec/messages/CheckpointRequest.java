package io.analogcomposer.spec.messages;

/** A worker starting a later attempt of a run asks for the training state the run's earlier attempts saved. */
public record CheckpointRequest(String runId) {

    public CheckpointRequest {
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("a checkpoint request names its run");
        }
    }
}
