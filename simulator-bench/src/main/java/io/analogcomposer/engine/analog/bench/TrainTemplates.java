package io.analogcomposer.engine.analog.bench;

import io.analogcomposer.engine.bench.BenchData;
import io.analogcomposer.engine.analog.config.Presets;
import io.analogcomposer.engine.analog.inference.InferenceEvaluator;
import io.analogcomposer.engine.analog.nn.AnalogLayerFactories;
import io.analogcomposer.engine.analog.nn.PretrainedWeights;
import io.analogcomposer.engine.backend.ComputeBackend;
import io.analogcomposer.engine.backend.ComputeBackends;
import io.analogcomposer.engine.data.BatchLoader;
import io.analogcomposer.engine.data.Datasets;
import io.analogcomposer.engine.data.TrainTest;
import io.analogcomposer.engine.experiment.CancellationToken;
import io.analogcomposer.engine.experiment.Checkpoint;
import io.analogcomposer.engine.experiment.EpochMetrics;
import io.analogcomposer.engine.experiment.LayerSpec;
import io.analogcomposer.engine.experiment.ModelBuilder;
import io.analogcomposer.engine.experiment.NetworkSpec;
import io.analogcomposer.engine.experiment.Trainer;
import io.analogcomposer.engine.experiment.TrainingListener;
import io.analogcomposer.engine.nn.Loss;
import io.analogcomposer.engine.nn.Sequential;
import io.analogcomposer.engine.optim.LrSchedule;
import io.analogcomposer.engine.optim.Sgd;
import io.analogcomposer.engine.tensor.Parallel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains the project's own LeNet5 weight templates on Fashion-MNIST (inputs in [0, 1], no normalization, as the
 * composer's LeNet5 inference template reads them) and writes them in our checkpoint format:
 * <ul>
 * <li>{@code ac-digital-trained-lenet5.ckpt}: floating-point training, SGD lr 0.05 momentum 0.9, batch 32, cosine
 * schedule over the digital epochs;</li>
 * <li>{@code ac-hwa-trained-lenet5.ckpt}: hardware-aware fine-tuning of those weights with the composer's web preset
 * (noisy 7/9-bit forward, add-normal 0.1 modifier, clip 1.0, column-wise omega scaling with a learned output scale),
 * SGD lr 0.01 momentum 0.9, batch 32, cosine schedule, as AIHWKit recommends (HWA training from a digital model).</li>
 * </ul>
 * Arguments: output directory, digital epochs (default 8), HWA epochs (default 3), seed (default 1). Everything is
 * seeded; the network is the composer's layout (conv 16@5, tanh, pool, conv 32@5, tanh, pool, tanh, linear 128, tanh,
 * linear 10). Prints per-epoch test accuracy and the final noise-free accuracy on the 10,000 test images.
 */
public final class TrainTemplates {
    private TrainTemplates() {
    }

    /** The composer's LeNet5, digital or analog with the web preset. */
    public static NetworkSpec lenet5(boolean analog) {
        Map<String, Object> web = Map.of("preset", "composer_web");
        String conv = analog ? "analog_conv2d" : "conv2d", lin = analog ? "analog_linear" : "linear";
        return new NetworkSpec(List.of(1, 28, 28),
                List.of(layer(conv, analog, web, "out_channels", 16, "kernel_size", 5),
                        LayerSpec.of("tanh"), LayerSpec.of("max_pool2d", "kernel_size", 2),
                        layer(conv, analog, web, "out_channels", 32, "kernel_size", 5), LayerSpec.of("tanh"),
                        LayerSpec.of("max_pool2d", "kernel_size", 2), LayerSpec.of("tanh"), LayerSpec.of("flatten"),
                        layer(lin, analog, web, "out_features", 128), LayerSpec.of("tanh"),
                        layer(lin, analog, web, "out_features", 10), LayerSpec.of("log_softmax")));
    }

    private static LayerSpec layer(String type, boolean analog, Map<String, Object> rpu, Object... kv) {
        Object[] all = kv;
        if (analog) {
            all = java.util.Arrays.copyOf(kv, kv.length + 2);
            all[kv.length] = "rpu_config";
            all[kv.length + 1] = rpu;
        }
        return LayerSpec.of(type, all);
    }

    /** Entry point. */
    public static void main(String[] argv) throws Exception {
        String[] args = String.join(" ", argv).trim().isEmpty()
                ? new String[0]
                : String.join(" ", argv).trim().split("\\s+");
        Path out = Path.of(args.length > 0 ? args[0] : "target/weight-templates");
        int digitalEpochs = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int hwaEpochs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
        Files.createDirectories(out);
        AnalogLayerFactories.register();
        TrainTest data = Datasets.load("fashion-mnist", BenchData.fashionMnist());
        // the Java backend gives the same bits for any thread count: the shipped files are reproducible anywhere
        ComputeBackend be = ComputeBackends.byName("java", Parallel.CORES);
        Loss nll = Loss.byName("nll");
        String command = "simulator-bench/bench main analog.bench.TrainTemplates " + out + " " + digitalEpochs + " "
                + hwaEpochs + " " + seed;

        NetworkSpec digitalSpec = lenet5(false);
        Sequential digital = ModelBuilder.build(digitalSpec, seed, be);
        List<EpochMetrics> dm = train(digital, data, 0.05, digitalEpochs, seed, nll, "digital");
        double digitalAcc = accuracy(digital, data, nll);
        System.out.printf("digital LeNet5: %d epochs, test accuracy %.4f%n", digitalEpochs, digitalAcc);
        Checkpoint.save(out.resolve("ac-digital-trained-lenet5.ckpt"), digitalSpec, digital,
                metadata("digital", digitalEpochs, 0, seed, digitalAcc, dm, command));

        NetworkSpec hwaSpec = lenet5(true);
        Sequential hwa = ModelBuilder.build(hwaSpec, seed + 1, be);
        PretrainedWeights.apply(hwa, PretrainedWeights.of(digital));
        List<EpochMetrics> hm = train(hwa, data, 0.01, hwaEpochs, seed + 1, nll, "hwa");
        // the noise-free accuracy of the HWA weights: the same logical weights on a floating-point network
        Sequential check = ModelBuilder.build(digitalSpec, seed, be);
        PretrainedWeights.apply(check, PretrainedWeights.of(hwa));
        double hwaAcc = accuracy(check, data, nll);
        System.out.printf("HWA LeNet5 (composer_web, from the digital weights): %d epochs, noise-free test accuracy "
                + "%.4f%n", hwaEpochs, hwaAcc);
        Checkpoint.save(out.resolve("ac-hwa-trained-lenet5.ckpt"), hwaSpec, hwa,
                metadata("hwa", digitalEpochs, hwaEpochs, seed, hwaAcc, hm, command));
        System.out.println("wrote " + out.toAbsolutePath() + " (" + Presets.COMPOSER_WEB.mapping() + ")");
    }

    private static List<EpochMetrics> train(Sequential model, TrainTest data, double lr, int epochs, long seed,
            Loss nll, String label) {
        Trainer t = new Trainer(model, nll, new Sgd(model.parameters(), lr, 0.9, 0, 0, false),
                LrSchedule.cosine(epochs, 0));
        BatchLoader train = new BatchLoader(data.train(), 32, true, seed, false);
        BatchLoader test = new BatchLoader(data.test(), 1000, false, 0, false);
        List<EpochMetrics> ms = new ArrayList<>();
        t.fit(train, test, epochs, new TrainingListener() {
            @Override
            public void onEpoch(EpochMetrics m) {
                ms.add(m);
                System.out.printf("  %s epoch %d: lr %.4f train loss %.4f test accuracy %.4f (%.0f s)%n", label,
                        m.epoch(), m.learningRate(), m.trainLoss(), m.validationAccuracy(), m.seconds());
            }
        }, CancellationToken.NONE);
        return ms;
    }

    private static double accuracy(Sequential model, TrainTest data, Loss nll) {
        model.train(false);
        return InferenceEvaluator.evaluateOnce(model, new BatchLoader(data.test(), 1000, false, 0, false), nll)[0];
    }

    private static Map<String, Object> metadata(String training, int digitalEpochs, int hwaEpochs, long seed,
            double acc, List<EpochMetrics> epochs, String command) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", "fashion-mnist");
        m.put("normalize", false);
        m.put("training", training);
        m.put("digital_epochs", digitalEpochs);
        m.put("hwa_epochs", hwaEpochs);
        m.put("seed", seed);
        m.put("test_accuracy_noise_free", acc);
        m.put("epoch_test_accuracy", epochs.stream().map(EpochMetrics::validationAccuracy).toList());
        m.put("command", command);
        return m;
    }
}
