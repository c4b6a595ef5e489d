package io.analogcomposer.engine.experiment;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which data to use: a dataset name, the fraction of the training set held out for validation, optional caps on the
 * number of training/test samples (0 = all; for quick runs), and whether to apply the dataset's standard
 * normalisation.
 */
public record DatasetSpec(String name, double validationFraction, int trainLimit, int testLimit, boolean normalize) {
    /** Validates ranges. */
    public DatasetSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("dataset name must be set");
        }
        if (validationFraction < 0 || validationFraction >= 1) {
            throw new IllegalArgumentException("dataset validation_fraction must be in [0, 1), got "
                    + validationFraction);
        }
        if (trainLimit < 0 || testLimit < 0) {
            throw new IllegalArgumentException("dataset limits must be >= 0");
        }
    }

    /** A full dataset with a validation fraction and standard normalisation. */
    public static DatasetSpec of(String name, double validationFraction) {
        return new DatasetSpec(name, validationFraction, 0, 0, true);
    }

    /** JSON-ready map. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("validation_fraction", validationFraction);
        m.put("train_limit", trainLimit);
        m.put("test_limit", testLimit);
        m.put("normalize", normalize);
        return m;
    }

    /** Reads the map form. */
    public static DatasetSpec fromMap(Map<String, Object> m) {
        String w = "dataset";
        return new DatasetSpec((String) Params.require(m, "name", w), Params.getDouble(m, "validation_fraction", 0, w),
                Params.getInt(m, "train_limit", 0, w), Params.getInt(m, "test_limit", 0, w),
                Params.getBool(m, "normalize", true, w));
    }
}
