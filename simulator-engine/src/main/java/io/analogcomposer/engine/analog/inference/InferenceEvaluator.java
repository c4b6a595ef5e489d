package io.analogcomposer.engine.analog.inference;

import io.analogcomposer.engine.analog.nn.AnalogNetworks;
import io.analogcomposer.engine.data.Batch;
import io.analogcomposer.engine.data.BatchLoader;
import io.analogcomposer.engine.data.Dataset;
import io.analogcomposer.engine.nn.Loss;
import io.analogcomposer.engine.nn.Module;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Ops;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Accuracy over time of an analog network (the composer's inference experiment, AIHWKit's notebooks' loop): for each
 * repetition the weights are programmed once, then for each requested time they drift (with fresh read noise and
 * drift compensation) and the test set is evaluated. Reports mean and std over repetitions per time, with partial
 * results after every evaluated point.
 */
public final class InferenceEvaluator {
    private InferenceEvaluator() {
    }

    /**
     * What to evaluate.
     *
     * @param times       inference times in seconds (each ≥ 0)
     * @param repetitions programming repetitions (≥ 1; AIHWKit recommends ≥ 10)
     * @param batchSize   evaluation batch size
     * @param seed        seed of programming, drift and forward noise
     */
    public record Settings(double[] times, int repetitions, int batchSize, long seed) {
        /** Validates ranges. */
        public Settings {
            if (times == null || times.length == 0) {
                throw new IllegalArgumentException("inference times must list at least one time");
            }
            for (double t : times) {
                if (!(t >= 0) || Double.isInfinite(t)) {
                    throw new IllegalArgumentException("inference times must be finite and >= 0 s, got " + t);
                }
            }
            if (repetitions < 1) {
                throw new IllegalArgumentException("repetitions must be >= 1, got " + repetitions);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch_size must be >= 1, got " + batchSize);
            }
            times = times.clone();
        }
    }

    /**
     * Statistics at one time over the repetitions done so far.
     *
     * @param time        inference time (s)
     * @param accuracyMean mean accuracy
     * @param accuracyStd  sample std of the accuracy (0 with one repetition)
     * @param lossMean     mean loss
     * @param lossStd      sample std of the loss
     * @param repetitions  repetitions included
     */
    public record Point(double time, double accuracyMean, double accuracyStd, double lossMean, double lossStd,
            int repetitions) {}

    /** Receives progress; returning from it quickly keeps the evaluation going. */
    public interface Listener {
        /** After evaluating repetition {@code rep} (0-based) at time index {@code k}. */
        default void onPoint(int rep, int k, double time, double accuracy, double loss) {
        }

        /** After every time of repetition {@code rep}: the statistics so far. */
        default void onRepetition(int rep, List<Point> soFar) {
        }
    }

    /** The composer's default grid: 0 s, then 9 log-spaced times from 1 s to {@code inferenceTime}. */
    public static double[] composerTimes(double inferenceTime) {
        if (!(inferenceTime > 1)) {
            throw new IllegalArgumentException("inference_time must be > 1 s, got " + inferenceTime);
        }
        double[] t = new double[10];
        for (int i = 1; i < 10; i++) {
            t[i] = Math.pow(10, Math.log10(inferenceTime) * (i - 1) / 8.0);
        }
        return t;
    }

    /** Runs the evaluation; {@code cancel} is polled between points (null for never). */
    public static List<Point> evaluate(Module model, Dataset test, Loss loss, Settings s, Listener listener,
            BooleanSupplier cancel) {
        int nt = s.times().length;
        double[][] acc = new double[s.repetitions()][nt], lo = new double[s.repetitions()][nt];
        BatchLoader loader = new BatchLoader(test, s.batchSize(), false, 0, !loss.classTargets());
        Rng root = new Rng(s.seed());
        model.train(false);
        List<Point> result = List.of();
        for (int rep = 0; rep < s.repetitions(); rep++) {
            Rng r = root.split(rep);
            AnalogNetworks.program(model, r.split(0));
            for (int k = 0; k < nt; k++) {
                if (cancel != null && cancel.getAsBoolean()) {
                    return result;
                }
                AnalogNetworks.drift(model, s.times()[k], r.split(1 + k));
                double[] e = evaluateOnce(model, loader, loss);
                acc[rep][k] = e[0];
                lo[rep][k] = e[1];
                if (listener != null) {
                    listener.onPoint(rep, k, s.times()[k], e[0], e[1]);
                }
            }
            result = summarize(s.times(), acc, lo, rep + 1);
            if (listener != null) {
                listener.onRepetition(rep, result);
            }
        }
        AnalogNetworks.clearProgramming(model);
        return result;
    }

    /** Accuracy and mean loss of the model in its current state over the whole loader. */
    public static double[] evaluateOnce(Module model, BatchLoader loader, Loss loss) {
        loader.startEpoch(0);
        double total = 0;
        long correct = 0, seen = 0;
        for (int b = 0; b < loader.batches(); b++) {
            Batch batch = loader.batch(b);
            Tensor out = model.forward(batch.inputs());
            total += (double) loss.forward(out, batch.targets()) * batch.size();
            int classes = out.size() / batch.size();
            for (int i = 0; i < batch.size(); i++) {
                if (Ops.argmax(out.data(), i * classes, classes) == batch.label(i)) {
                    correct++;
                }
            }
            seen += batch.size();
        }
        return new double[]{seen == 0 ? Double.NaN : (double) correct / seen, total / Math.max(1, seen)};
    }

    /**
     * Mean and std (sample std, 0 for one repetition) per time over the first {@code reps} rows of accuracies and
     * losses ({@code [repetition][time]}); also used by evaluations that program elsewhere (the PCM chip).
     */
    public static List<Point> summarize(double[] times, double[][] acc, double[][] lo, int reps) {
        List<Point> ps = new ArrayList<>();
        for (int k = 0; k < times.length; k++) {
            double[] a = column(acc, k, reps), l = column(lo, k, reps);
            ps.add(new Point(times[k], mean(a), std(a), mean(l), std(l), reps));
        }
        return ps;
    }

    private static double[] column(double[][] m, int k, int reps) {
        double[] c = new double[reps];
        for (int r = 0; r < reps; r++) {
            c[r] = m[r][k];
        }
        return c;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double std(double[] v) {
        if (v.length < 2) {
            return 0;
        }
        double m = mean(v), q = 0;
        for (double x : v) {
            q += (x - m) * (x - m);
        }
        return Math.sqrt(q / (v.length - 1));
    }
}
