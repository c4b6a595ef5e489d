package io.analogcomposer.engine.experiment;

/** Receives progress while a run trains; called on the training thread, so implementations should be quick. */
public interface TrainingListener {
    /** Ignores everything. */
    TrainingListener NONE = new TrainingListener() {
    };

    /** After every epoch, with its metrics. */
    default void onEpoch(EpochMetrics metrics) {
    }

    /** After every batch (for progress bars); {@code batch} is 1-based. */
    default void onBatch(int epoch, int batch, int batches) {
    }
}
