package io.analogcomposer.engine.analog.bench;

import io.analogcomposer.engine.analog.config.DriftCompensation;
import io.analogcomposer.engine.analog.config.InferenceRpuConfig;
import io.analogcomposer.engine.analog.config.Presets;
import io.analogcomposer.engine.analog.inference.InferenceEvaluator;
import io.analogcomposer.engine.analog.nn.TorchCheckpoints;
import io.analogcomposer.engine.backend.ComputeBackends;
import io.analogcomposer.engine.data.BatchLoader;
import io.analogcomposer.engine.data.Dataset;
import io.analogcomposer.engine.data.DatasetLocator;
import io.analogcomposer.engine.data.Datasets;
import io.analogcomposer.engine.nn.Loss;
import io.analogcomposer.engine.nn.Sequential;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Parallel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Accuracy of the real composer's LeNet5 templates (PyTorch checkpoints) on the Fashion-MNIST test set: noise-free,
 * then over time with the composer's web preset (PCM-like noise), with and without global drift compensation.
 * Arguments: the templates directory (default {@code ../../shared/reference/composer-templates}), repetitions
 * (default 5).
 */
public final class TemplateAccuracy {
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
                : "../../shared/reference/composer-templates");
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Dataset test = Datasets.load("fashion-mnist", DatasetLocator.defaults()).test();
        Dataset testNorm = Datasets.load("fashion-mnist", DatasetLocator.defaults()).test();
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
