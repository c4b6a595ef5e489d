package io.analogcomposer.engine.analog.bench;

import io.analogcomposer.engine.bench.BenchData;
import io.analogcomposer.engine.analog.config.DriftCompensation;
import io.analogcomposer.engine.analog.config.InferenceRpuConfig;
import io.analogcomposer.engine.analog.config.Presets;
import io.analogcomposer.engine.analog.inference.InferenceEvaluator;
import io.analogcomposer.engine.analog.nn.AnalogLayerFactories;
import io.analogcomposer.engine.analog.nn.AnalogNetworks;
import io.analogcomposer.engine.analog.nn.PretrainedWeights;
import io.analogcomposer.engine.analog.nn.TorchCheckpoints;
import io.analogcomposer.engine.experiment.Checkpoint;
import io.analogcomposer.engine.experiment.ModelBuilder;
import io.analogcomposer.engine.backend.ComputeBackends;
import io.analogcomposer.engine.data.BatchLoader;
import io.analogcomposer.engine.data.Dataset;
import io.analogcomposer.engine.data.Datasets;
import io.analogcomposer.engine.nn.Loss;
import io.analogcomposer.engine.nn.Sequential;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Parallel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Accuracy of the LeNet5 weight templates on the Fashion-MNIST test set (inputs in [0, 1]) with the composer's web
 * preset (PCM-like noise), noise-free and over time, with and without global drift compensation:
 * <ul>
 * <li>the project's own templates ({@code ac-digital-trained-lenet5.ckpt}, {@code ac-hwa-trained-lenet5.ckpt}, our
 * checkpoint format, written by {@link TrainTemplates}): the whole accuracy-vs-time table for both, and the issue's
 * check (HWA at t = 0 and after one day with compensation within 2 points of the digital model's noise-free
 * accuracy; the digital model without compensation visibly worse after a day);</li>
 * <li>the real composer's templates (PyTorch checkpoints).</li>
 * </ul>
 * Arguments: the composer templates directory (default {@code $ANALOG_COMPOSER_TEMPLATES}, else {@code /usr/share/analog-composer/templates}; the composer's files are not in the repository),
 * repetitions (default 5), our templates directory (default the worker's shipped resources), and which part to run:
 * {@code all} (default), {@code ours} or {@code composer}.
 */
public final class TemplateAccuracy {
    /**
     * The inference times of the table: programming, 1 h, 1 day, 30 days, 1 year (each point is a full pass over the
     * 10,000 test images per repetition, ~30-80 s on the shared 2-core machines, so the grid is kept short).
     */
    static final double[] TIMES = {0, 3600, 86400, 2592000, 31536000};

    private TemplateAccuracy() {
    }

    /** Entry point. */
    public static void main(String[] argv) throws Exception {
        // the bench profile passes its arguments as one string: split it
        String[] args = String.join(" ", argv).trim().isEmpty()
                ? new String[0]
                : String.join(" ", argv).trim().split("\\s+");
        Path dir = Path.of(args.length > 0 && !args[0].isEmpty()
                ? args[0]
                : System.getenv().getOrDefault("ANALOG_COMPOSER_TEMPLATES", "/usr/share/analog-composer/templates"));
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path ours = Path
                .of(args.length > 2 ? args[2] : "../worker-core/src/main/resources/io/analogcomposer/worker/templates");
        String which = args.length > 3 ? args[3] : "all";
        if (!which.equals("composer")) {
            ours(ours, reps);
        }
        if (!which.equals("ours")) {
            composer(dir, reps);
        }
    }

    /** Our own templates: noise-free accuracy, then the web preset over {@link #TIMES}. */
    static void ours(Path dir, int reps) throws Exception {
        AnalogLayerFactories.register();
        Dataset test = Datasets.load("fashion-mnist", BenchData.fashionMnist()).test();
        Loss nll = Loss.byName("nll");
        var be = ComputeBackends.byName("auto", Parallel.CORES);
        Map<String, Double> clean = new LinkedHashMap<>();
        Map<String, List<InferenceEvaluator.Point>> tables = new LinkedHashMap<>();
        for (String name : List.of("ac-digital-trained-lenet5", "ac-hwa-trained-lenet5")) {
            Path p = dir.resolve(name + ".ckpt");
            List<TorchCheckpoints.LayerWeights> w = PretrainedWeights.of(Checkpoint.load(p).model());
            Sequential fp = ModelBuilder.build(TrainTemplates.lenet5(false), 1, be);
            PretrainedWeights.apply(fp, w);
            fp.train(false);
            double acc = InferenceEvaluator.evaluateOnce(fp, new BatchLoader(test, 1000, false, 0, false), nll)[0];
            clean.put(name, acc);
            System.out.printf("%s: noise-free accuracy %.4f (%s)%n", name, acc, p);
            for (DriftCompensation dc : List.of(DriftCompensation.GLOBAL, DriftCompensation.NONE)) {
                Sequential m = (Sequential) AnalogNetworks.convert(fp, Presets.COMPOSER_WEB.withDriftCompensation(dc),
                        new Rng(2));
                long t0 = System.nanoTime();
                List<InferenceEvaluator.Point> pts = InferenceEvaluator.evaluate(m, test, nll,
                        new InferenceEvaluator.Settings(TIMES, reps, 1000, 7), null, null);
                tables.put(name + ", " + dc.name().toLowerCase(java.util.Locale.ROOT), pts);
                System.out.printf("  composer_web, compensation %-6s: %d reps in %.0f s%n", dc, reps,
                        (System.nanoTime() - t0) / 1e9);
            }
        }
        StringBuilder h = new StringBuilder("| template, drift compensation | noise-free |");
        StringBuilder sep = new StringBuilder("|---|---|");
        for (double t : TIMES) {
            h.append(' ').append(timeLabel(t)).append(" |");
            sep.append("---|");
        }
        System.out.println();
        System.out.println(h);
        System.out.println(sep);
        for (Map.Entry<String, List<InferenceEvaluator.Point>> e : tables.entrySet()) {
            String name = e.getKey().substring(0, e.getKey().indexOf(','));
            StringBuilder row = new StringBuilder("| " + e.getKey() + " | " + String.format("%.4f", clean.get(name))
                    + " |");
            for (InferenceEvaluator.Point pt : e.getValue()) {
                row.append(String.format(" %.4f ± %.4f |", pt.accuracyMean(), pt.accuracyStd()));
            }
            System.out.println(row);
        }
        double digital = clean.get("ac-digital-trained-lenet5");
        List<InferenceEvaluator.Point> hwa = tables.get("ac-hwa-trained-lenet5, global");
        List<InferenceEvaluator.Point> plain = tables.get("ac-digital-trained-lenet5, none");
        int day = 2; // TIMES[2] = one day
        System.out.printf("%ncheck: HWA with global compensation at t=0 %.4f (%+.2f points vs digital noise-free "
                + "%.4f), after one day %.4f (%+.2f points); digital without compensation after one day %.4f "
                + "(%+.2f points)%n", hwa.get(0).accuracyMean(), 100 * (hwa.get(0).accuracyMean() - digital),
                digital, hwa.get(day).accuracyMean(), 100 * (hwa.get(day).accuracyMean() - digital),
                plain.get(day).accuracyMean(), 100 * (plain.get(day).accuracyMean() - digital));
    }

    private static String timeLabel(double t) {
        return switch ((int) t) {
            case 0 -> "0 s";
            case 60 -> "1 min";
            case 3600 -> "1 h";
            case 86400 -> "1 day";
            case 604800 -> "1 week";
            case 2592000 -> "30 days";
            case 31536000 -> "1 year";
            default -> String.format("%.0f s", t);
        };
    }

    /** The real composer's templates (PyTorch checkpoints). */
    static void composer(Path dir, int reps) throws Exception {
        Dataset test = Datasets.load("fashion-mnist", BenchData.fashionMnist()).test();
        Dataset testNorm = Datasets.load("fashion-mnist", BenchData.fashionMnist()).test();
        Datasets.Normalization n = Datasets.normalization("fashion-mnist");
        testNorm.normalize(n.mean(), n.std());
        Loss nll = Loss.byName("nll");
        var be = ComputeBackends.byName("auto", Parallel.CORES);
        for (String t : List.of("digital-trained-lenet5.pth", "hwa-trained-lenet5-mapped.pth",
                "digital-trained-lenet5-mapped.pth", "hw-trained-lenet5.pth")) {
            Path p = dir.resolve(t);
            if (!Files.exists(p)) {
                System.out.println(t + ": not found in " + dir);
                continue;
            }
            Sequential fp = TorchCheckpoints.composerLenet5(p, Presets.FLOATING_POINT, new Rng(1));
            fp.setBackend(be);
            fp.train(false);
            double raw = InferenceEvaluator.evaluateOnce(fp, new BatchLoader(test, 500, false, 0, false), nll)[0];
            double norm = InferenceEvaluator.evaluateOnce(fp, new BatchLoader(testNorm, 500, false, 0, false), nll)[0];
            System.out.printf("%s: noise-free accuracy %.4f (inputs in [0,1]) / %.4f (normalized)%n", t, raw, norm);
            Dataset d = raw >= norm ? test : testNorm;
            double[] times = {0, 3600, 86400, 31536000};
            for (DriftCompensation dc : List.of(DriftCompensation.GLOBAL, DriftCompensation.NONE)) {
                InferenceRpuConfig cfg = Presets.COMPOSER_WEB.withDriftCompensation(dc);
                Sequential m = TorchCheckpoints.composerLenet5(p, cfg, new Rng(2));
                m.setBackend(be);
                long t0 = System.nanoTime();
                List<InferenceEvaluator.Point> pts = InferenceEvaluator.evaluate(m, d, nll,
                        new InferenceEvaluator.Settings(times, reps, 1000, 7), null, null);
                StringBuilder sb = new StringBuilder();
                for (InferenceEvaluator.Point pt : pts) {
                    sb.append(String.format("  t=%-9.0f %.4f ± %.4f", pt.time(), pt.accuracyMean(), pt.accuracyStd()));
                }
                System.out.printf("  composer_web, compensation %-6s (%d reps, %.1f s):%s%n", dc, reps,
                        (System.nanoTime() - t0) / 1e9, sb);
            }
        }
    }
}
