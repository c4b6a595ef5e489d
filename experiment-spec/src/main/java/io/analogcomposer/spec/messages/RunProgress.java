package io.analogcomposer.spec.messages;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A step of a running run. Progress is idempotent by ({@code run_id}, {@code attempt}, {@code kind},
 * {@code step}, {@code repetitions_done}): a re-sent step replaces the earlier one.
 *
 * @param kind an epoch or an inference time
 * @param step 0-based epoch, or 0-based index of the inference time
 * @param totalSteps number of epochs or inference times of the run
 * @param tInference the inference time in seconds ({@code inference_time} steps only)
 * @param repetitionsDone repetitions aggregated into the metrics ({@code inference_time} steps only)
 * @param metrics metric name → value; accuracies are fractions in [0, 1] for epochs and percent for
 *        inference, as in AIHWKit's cloud results
 */
public record RunProgress(int messageVersion, UUID eventId, String runId, int attempt, Instant timestamp,
        ProgressKind kind, int step, int totalSteps, Double tInference, Integer repetitionsDone,
        Map<String, Double> metrics) implements RunEvent {

    public RunProgress {
        RunMessage.checkHeader(messageVersion, eventId, runId, attempt, timestamp);
        if (kind == null || step < 0 || totalSteps < 1) {
            throw new IllegalArgumentException("progress needs a kind, a step >= 0 and total_steps >= 1");
        }
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }

    public static RunProgress epoch(String runId, int attempt, int epoch, int epochs, Map<String, Double> metrics) {
        return new RunProgress(VERSION, UUID.randomUUID(), runId, attempt, Instant.now(), ProgressKind.EPOCH, epoch,
                epochs, null, null, metrics);
    }

    public static RunProgress inferenceTime(String runId, int attempt, int index, int times, double tInference,
            int repetitionsDone, Map<String, Double> metrics) {
        return new RunProgress(VERSION, UUID.randomUUID(), runId, attempt, Instant.now(), ProgressKind.INFERENCE_TIME,
                index, times, tInference, repetitionsDone, metrics);
    }
}
