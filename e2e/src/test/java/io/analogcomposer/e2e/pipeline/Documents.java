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

    /** One analog layer trained in memory with Tiki-Taka (pulsed devices) on synthetic data, no backend named. */
    static String inMemoryTraining(int samples) {
        return """
                {"schema_version": 1, "kind": "training", "name": "e2e in-memory training", "seed": 11,
                 "dataset": {"name": "synthetic", "synthetic_classes": 10, "synthetic_samples": %d},
                 "network": {"input_shape": [1, 28, 28], "layers": [
                    {"type": "flatten"},
                    {"type": "analog_linear", "out_features": 10},
                    {"type": "log_softmax"}]},
                 "preset": "TikiTakaReRamSBPreset",
                 "training": {"epochs": 1, "batch_size": 16, "loss": "nll",
                              "optimizer": {"type": "analog_sgd", "lr": 0.1}}}
                """.formatted(samples);
    }

    /**
     * The catalogue's LeNet5 inference template (pre-trained weights, no training) on the first {@code images}
     * Fashion-MNIST test images, one repetition at 0 s and one hour, with no backend named: what the GPU worker's
     * tensor program runs.
     */
    static String templateInference(int images) {
        tools.jackson.databind.node.ObjectNode doc = (tools.jackson.databind.node.ObjectNode) io.analogcomposer.spec.catalogue.Catalogue
                .get().template("lenet5-inference").orElseThrow().document().deepCopy();
        ((tools.jackson.databind.node.ObjectNode) doc.path("dataset")).put("max_test_samples", images);
        tools.jackson.databind.node.ObjectNode inf = (tools.jackson.databind.node.ObjectNode) doc.path("inference");
        inf.put("repetitions", 1);
        inf.putArray("t_inference").add(0).add(3600);
        doc.remove("backend");
        return doc.toString();
    }

    /** Two mistakes a user makes: a negative layer size and too many epochs. */
    static String invalidTraining() {
        return training(5000, 200, 16).replace("\"out_features\": 16", "\"out_features\": -3");
    }
}
