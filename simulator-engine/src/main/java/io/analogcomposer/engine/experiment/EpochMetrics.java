package io.analogcomposer.engine.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metrics of one finished epoch (1-based {@code epoch}); validation values are NaN (JSON null) without a validation
 * set.
 */
public record EpochMetrics(int epoch, double trainLoss, double validationLoss, double validationAccuracy,
        double learningRate, double seconds) {
    /** Values per epoch in {@link #flatten}'s array. */
    private static final int FIELDS = 6;

    /** The epochs as one array of {@value #FIELDS} values each, the form a saved training state keeps them in. */
    public static double[] flatten(List<EpochMetrics> epochs) {
        double[] flat = new double[epochs.size() * FIELDS];
        for (int i = 0; i < epochs.size(); i++) {
            EpochMetrics m = epochs.get(i);
            System.arraycopy(new double[]{m.epoch(), m.trainLoss(), m.validationLoss(), m.validationAccuracy(),
                    m.learningRate(), m.seconds()}, 0, flat, i * FIELDS, FIELDS);
        }
        return flat;
    }

    /** The epochs of a {@link #flatten}ed array; throws if {@code flat} is missing or not whole epochs. */
    public static List<EpochMetrics> unflatten(double[] flat) {
        if (flat == null || flat.length % FIELDS != 0) {
            throw new IllegalStateException("the saved state has no epoch history");
        }
        List<EpochMetrics> epochs = new ArrayList<>();
        for (int i = 0; i < flat.length; i += FIELDS) {
            epochs.add(new EpochMetrics((int) flat[i], flat[i + 1], flat[i + 2], flat[i + 3], flat[i + 4],
                    flat[i + 5]));
        }
        return epochs;
    }

    /** JSON-ready map. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", epoch);
        m.put("train_loss", trainLoss);
        m.put("validation_loss", validationLoss);
        m.put("validation_accuracy", validationAccuracy);
        m.put("learning_rate", learningRate);
        m.put("seconds", seconds);
        return m;
    }
}
