package io.analogcomposer.spec.validation;

/**
 * Resource limits a run must respect, so one experiment cannot occupy a worker for days. Operators may pass
 * their own (e.g. per user quota).
 *
 * @param maxParameters trainable parameters of the network
 * @param maxTrainingSampleEpochs epochs × training samples
 * @param maxInferenceEvaluations repetitions × inference times × test samples
 * @param maxDocumentBytes size of the submitted document
 */
public record Limits(long maxParameters, long maxTrainingSampleEpochs, long maxInferenceEvaluations,
        int maxDocumentBytes) {

    /** 20 M parameters, 200 epochs of a 60 k training set, 100 repetitions × 20 times × 10 k test samples, 1 MiB. */
    public static final Limits DEFAULT = new Limits(20_000_000L, 12_000_000L, 20_000_000L, 1 << 20);

    public Limits {
        if (maxParameters < 1 || maxTrainingSampleEpochs < 1 || maxInferenceEvaluations < 1 || maxDocumentBytes < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }
}
