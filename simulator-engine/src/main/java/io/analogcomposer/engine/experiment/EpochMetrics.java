package io.analogcomposer.engine.experiment;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Metrics of one finished epoch (1-based {@code epoch}); validation values are NaN (JSON null) without a validation
 * set.
 */
public record EpochMetrics(int epoch, double trainLoss, double validationLoss, double validationAccuracy,
        double learningRate, double seconds) {
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
