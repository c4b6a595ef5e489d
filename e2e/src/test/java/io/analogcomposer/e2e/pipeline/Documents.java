package io.analogcomposer.e2e.pipeline;

/** Experiment documents as a user would write them, small enough for tests. */
final class Documents {

    private Documents() {
    }

    /** A training run on the synthetic dataset: {@code samples} images, {@code epochs} epochs. */
    static String training(int epochs, int samples, int hidden) {
        return """
                {"schema_version": 1, "kind": "training", "name": "e2e training", "seed": 11,
                 "dataset": {"name": "synthetic", "validation_fraction": 0.2, "synthetic_classes": 10,
                             "synthetic_samples": %d},
                 "network": {"input_shape": [1, 28, 28], "layers": [
                    {"type": "flatten"},
                    {"type": "linear", "out_features": %d},
                    {"type": "relu"},
                    {"type": "linear", "out_features": 10},
                    {"type": "log_softmax"}]},
                 "training": {"epochs": %d, "batch_size": 16, "loss": "nll",
                              "optimizer": {"type": "sgd", "lr": 0.05}},
                 "backend": "cpu"}
                """.formatted(samples, hidden, epochs);
    }

    /** Two mistakes a user makes: a negative layer size and too many epochs. */
    static String invalidTraining() {
        return training(5000, 200, 16).replace("\"out_features\": 16", "\"out_features\": -3");
    }
}
