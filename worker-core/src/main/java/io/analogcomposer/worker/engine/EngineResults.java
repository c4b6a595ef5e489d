package io.analogcomposer.worker.engine;

import io.analogcomposer.engine.analog.inference.InferenceEvaluator;
import io.analogcomposer.engine.experiment.EpochMetrics;
import io.analogcomposer.spec.experiment.ExperimentKind;
import io.analogcomposer.spec.messages.RunResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's result in the message contract's words (AIHWKit's metric names); public for the hardware worker,
 * which trains with the engine too.
 */
public final class EngineResults {

    private EngineResults() {
    }

    /**
     * An epoch's metrics under AIHWKit's names. Values the engine reports as NaN (no validation split) are left out:
     * JSON has no NaN, and "not measured" is better said by absence than by a made-up number.
     */
    /**
     * Reports a training run to the job: every finished epoch with its metrics, and the progress bar over the first
     * {@code share} of the job (the rest is the evaluation that may follow).
     */
    public static io.analogcomposer.engine.experiment.TrainingListener trainingProgress(ExecutionControl control,
            double share, int epochs) {
        return new io.analogcomposer.engine.experiment.TrainingListener() {
            @Override
            public void onEpoch(EpochMetrics metrics) {
                control.epochFinished(metrics.epoch() - 1, epochs, epochMetrics(metrics));
            }

            @Override
            public void onBatch(int epoch, int batch, int batches) {
                control.progressed(share * ((epoch - 1) + (double) batch / batches) / Math.max(1, epochs));
            }
        };
    }

    public static Map<String, Double> epochMetrics(EpochMetrics m) {
        Map<String, Double> out = new LinkedHashMap<>();
        putFinite(out, "train_loss", m.trainLoss());
        putFinite(out, "valid_loss", m.validationLoss());
        putFinite(out, "accuracy", m.validationAccuracy());
        putFinite(out, "lr", m.learningRate());
        putFinite(out, "time_epoch", m.seconds());
        return out;
    }

    public static RunResult runResult(ExperimentKind kind, io.analogcomposer.engine.experiment.RunResult engine) {
        List<RunResult.EpochResult> epochs = new ArrayList<>();
        for (EpochMetrics m : engine.epochs()) {
            epochs.add(new RunResult.EpochResult(m.epoch() - 1, epochMetrics(m)));
        }
        Map<String, Double> summary = new LinkedHashMap<>();
        putFinite(summary, "test_accuracy", engine.testAccuracy());
        putFinite(summary, "test_loss", engine.testLoss());
        summary.put("parameter_count", (double) engine.parameterCount());
        summary.put("epochs", (double) engine.epochs().size());
        return new RunResult(kind, epochs, List.of(), summary, List.of(), engine.engineVersion(),
                engine.totalSeconds());
    }

    /** Progress metrics at one inference time, as the web UI reads them (accuracy in percent). */
    public static Map<String, Double> inferenceMetrics(InferenceEvaluator.Point p) {
        Map<String, Double> out = new LinkedHashMap<>();
        putFinite(out, "avg_accuracy", 100 * p.accuracyMean());
        putFinite(out, "std_accuracy", 100 * p.accuracyStd());
        putFinite(out, "avg_loss", p.lossMean());
        putFinite(out, "std_loss", p.lossStd());
        return out;
    }

    /** The evaluation over time as AIHWKit's cloud results: accuracy and error in percent. */
    public static List<RunResult.InferenceResult> inferenceResults(List<InferenceEvaluator.Point> points) {
        List<RunResult.InferenceResult> out = new ArrayList<>();
        for (InferenceEvaluator.Point p : points) {
            double acc = 100 * p.accuracyMean();
            out.add(new RunResult.InferenceResult(p.time(), acc, 100 * p.accuracyStd(), 100 - acc, p.lossMean(),
                    p.lossStd()));
        }
        return out;
    }

    private static void putFinite(Map<String, Double> map, String key, double value) {
        if (Double.isFinite(value)) {
            map.put(key, value);
        }
    }
}
