package io.analogcomposer.spec.validation;

/**
 * Resource limits a run must respect, so one experiment cannot occupy a worker for days. Operators may pass
 * their own (e.g. per user quota).
 *
 * @param maxParameters trainable parameters of the network
 * @param maxTrainingSampleEpochs epochs × training samples
 * @param maxInferenceEvaluations repetitions × inference times × test samples
 * @param maxDocumentBytes size of the submitted document
 * @param maxEstimatedSeconds estimated compute time of a run: its multiply-accumulates (forward pass × samples ×
 *        epochs, three passes per training sample) at {@code macsPerSecond}
 * @param macsPerSecond what a CPU worker computes, for the estimate. Calibrated on large convolutions (eight
 *        256-channel 3×3 layers trained at 0.27 s per sample on a 2-core worker: ~47 G/s); small networks run
 *        fewer per second (LeNet5 hardware-aware training ~1–3 G/s, VGG8 in-memory ~6 G/s on one core), so their
 *        estimates err on the short side and never refuse a run that would fit
 * @param maxBatchMemoryBytes estimated memory of one batch's activations, gradients and convolution patch rows
 */
public record Limits(long maxParameters, long maxTrainingSampleEpochs, long maxInferenceEvaluations,
        int maxDocumentBytes, long maxEstimatedSeconds, long macsPerSecond, long maxBatchMemoryBytes) {

    /**
     * 20 M parameters, 200 epochs of a 60 k training set, 100 repetitions × 20 times × 10 k test samples, 1 MiB,
     * 48 h of estimated compute at 20 G multiply-accumulates per second, 4 GiB per batch.
     */
    public static final Limits DEFAULT = new Limits(20_000_000L, 12_000_000L, 20_000_000L, 1 << 20, 48 * 3600L,
            20_000_000_000L, 4L << 30);

    public Limits {
        if (maxParameters < 1 || maxTrainingSampleEpochs < 1 || maxInferenceEvaluations < 1 || maxDocumentBytes < 1
                || maxEstimatedSeconds < 1 || macsPerSecond < 1 || maxBatchMemoryBytes < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** The same limits with other compute and memory budgets. */
    public Limits withCompute(long maxEstimatedSeconds, long macsPerSecond, long maxBatchMemoryBytes) {
        return new Limits(maxParameters, maxTrainingSampleEpochs, maxInferenceEvaluations, maxDocumentBytes,
                maxEstimatedSeconds, macsPerSecond, maxBatchMemoryBytes);
    }
}
