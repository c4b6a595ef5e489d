package io.analogcomposer.engine.experiment;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which data to use, in the experiment format's terms: a dataset name, the fraction of the training set held out for
 * validation (0 = report per-epoch metrics on the test split, as AIHWKit does), optional caps on the number of
 * training/test samples (0 = all), whether to apply the dataset's standard normalisation, and the size of the
 * {@code synthetic} dataset (which takes its sample shape from the network).
 */
public record DatasetSpec(String name, double validationFraction, int maxTrainSamples, int maxTestSamples,
        boolean normalize, int syntheticClasses, int syntheticSamples) {
    /** Validates ranges. */
    public DatasetSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("dataset name must be set");
        }
        if (validationFraction < 0 || validationFraction >= 1) {
            throw new IllegalArgumentException("dataset validation_fraction must be in [0, 1), got "
                    + validationFraction);
        }
        if (maxTrainSamples < 0 || maxTestSamples < 0) {
            throw new IllegalArgumentException("dataset max_train_samples and max_test_samples must be >= 0, got "
                    + maxTrainSamples + " and " + maxTestSamples);
        }
        if (syntheticClasses < 2 || syntheticSamples < 1) {
            throw new IllegalArgumentException("dataset synthetic_classes must be >= 2 and synthetic_samples >= 1, got "
                    + syntheticClasses + " and " + syntheticSamples);
        }
    }

    /** A dataset with caps and normalisation; synthetic size defaults (10 classes, 1000 samples). */
    public DatasetSpec(String name, double validationFraction, int maxTrainSamples, int maxTestSamples,
            boolean normalize) {
        this(name, validationFraction, maxTrainSamples, maxTestSamples, normalize, 10, 1000);
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
        m.put("max_train_samples", maxTrainSamples);
        m.put("max_test_samples", maxTestSamples);
        m.put("normalize", normalize);
        m.put("synthetic_classes", syntheticClasses);
        m.put("synthetic_samples", syntheticSamples);
        return m;
    }

    /** Reads the map form; missing fields take the experiment format's defaults. */
    public static DatasetSpec fromMap(Map<String, Object> m) {
        String w = "dataset";
        return new DatasetSpec((String) Params.require(m, "name", w), Params.getDouble(m, "validation_fraction", 0, w),
                Params.getInt(m, "max_train_samples", 0, w), Params.getInt(m, "max_test_samples", 0, w),
                Params.getBool(m, "normalize", true, w), Params.getInt(m, "synthetic_classes", 10, w),
                Params.getInt(m, "synthetic_samples", 1000, w));
    }
}
