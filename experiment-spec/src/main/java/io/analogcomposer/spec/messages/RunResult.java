package io.analogcomposer.spec.messages;

import io.analogcomposer.spec.experiment.ExperimentKind;
import java.util.List;
import java.util.Map;

/**
 * The result document of a finished run. It names the simulator version and carries the resolved spec's
 * seed through the job, so a result can be reproduced.
 *
 * @param kind the experiment kind
 * @param epochs per-epoch metrics of training (empty for pure inference)
 * @param inference accuracy over time (empty for training)
 * @param summary headline numbers, e.g. final accuracy
 * @param artifacts files the run produced (trained weights, conductance read-back, ...)
 * @param simulatorVersion version of the engine that produced it
 * @param durationSeconds wall-clock time of the run
 * @param hardware the chip side of a hardware_inference run (absent for the other kinds, and in results written
 *            before it existed)
 */
public record RunResult(ExperimentKind kind, List<EpochResult> epochs, List<InferenceResult> inference,
        Map<String, Double> summary, List<Artifact> artifacts, String simulatorVersion, double durationSeconds,
        HardwareResult hardware) {

    /** A result without a chip side (training and inference runs). */
    public RunResult(ExperimentKind kind, List<EpochResult> epochs, List<InferenceResult> inference,
            Map<String, Double> summary, List<Artifact> artifacts, String simulatorVersion, double durationSeconds) {
        this(kind, epochs, inference, summary, artifacts, simulatorVersion, durationSeconds, null);
    }

    public RunResult {
        epochs = epochs == null ? List.of() : List.copyOf(epochs);
        inference = inference == null ? List.of() : List.copyOf(inference);
        summary = summary == null ? Map.of() : Map.copyOf(summary);
        artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
    }

    /**
     * Metrics of one epoch (AIHWKit's names: accuracy as a fraction, train_loss, valid_loss, time_epoch).
     *
     * @param epoch 0-based epoch
     */
    public record EpochResult(int epoch, Map<String, Double> metrics) {
        public EpochResult {
            metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        }
    }

    /**
     * Accuracy at one inference time over all repetitions (AIHWKit's InferenceResultsProto; accuracies in
     * percent).
     */
    public record InferenceResult(double tInference, double avgAccuracy, double stdAccuracy, double avgError,
            double avgLoss, double stdLoss) {}

    /**
     * A file produced by a run, stored by the API.
     *
     * @param name e.g. {@code weights.ckpt}
     * @param mediaType e.g. {@code application/octet-stream}
     * @param uri where the bytes are stored
     * @param sizeBytes size of the file
     * @param sha256 hex digest of the bytes
     */
    public record Artifact(String name, String mediaType, String uri, long sizeBytes, String sha256) {}
}
