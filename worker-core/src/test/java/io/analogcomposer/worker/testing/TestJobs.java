package io.analogcomposer.worker.testing;

import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.experiment.ExperimentSpec;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.RunJob;
import io.analogcomposer.spec.messages.RunMessage;
import java.time.Instant;
import java.util.UUID;

/** Small training jobs on the synthetic dataset, sized so a test can time them. */
public final class TestJobs {

    private TestJobs() {
    }

    /** A run id no other test uses. */
    public static String newRunId(String label) {
        return label + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * A training job: flatten → linear(hidden) → relu → linear(10) → log_softmax on {@code samples} synthetic
     * 28×28 images, batch 16.
     */
    public static RunJob training(String runId, int epochs, int samples, int hidden) {
        return job(runId, Backend.CPU, spec(epochs, samples, hidden));
    }

    /** A tiny job that finishes in well under a second. */
    public static RunJob tiny(String runId, int epochs) {
        return training(runId, epochs, 200, 16);
    }

    /**
     * A job of {@code epochs} epochs of 125 batches each: tenths of a second per epoch on a 2-core machine, so it
     * runs long enough to be cancelled, handed back or killed, and stops within milliseconds when asked.
     */
    public static RunJob slow(String runId, int epochs) {
        return training(runId, epochs, 2000, 128);
    }

    public static RunJob job(String runId, Backend backend, ExperimentSpec spec) {
        return new RunJob(RunMessage.VERSION, UUID.randomUUID(), runId, 1, Instant.now(), "exp-" + runId, "user-1",
                backend, spec, null);
    }

    public static ExperimentSpec spec(int epochs, int samples, int hidden) {
        return SpecJson.read("""
                {"schema_version": 1, "kind": "training", "name": "worker test", "seed": 7,
                 "dataset": {"name": "synthetic", "validation_fraction": 0, "max_train_samples": 0,
                             "max_test_samples": 0, "normalize": true, "synthetic_classes": 10,
                             "synthetic_samples": %d},
                 "network": {"input_shape": [1, 28, 28], "layers": [
                    {"type": "flatten"},
                    {"type": "linear", "out_features": %d},
                    {"type": "relu"},
                    {"type": "linear", "out_features": 10},
                    {"type": "log_softmax"}]},
                 "training": {"epochs": %d, "batch_size": 16, "loss": "nll", "shuffle": true,
                              "optimizer": {"type": "sgd", "lr": 0.05, "momentum": 0, "weight_decay": 0},
                              "lr_schedule": {"type": "none"}},
                 "backend": "cpu"}
                """.formatted(samples, hidden, epochs), ExperimentSpec.class);
    }
}
