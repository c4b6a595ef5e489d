package io.analogcomposer.engine.analog.bench;

import io.analogcomposer.engine.bench.BenchData;
import io.analogcomposer.engine.analog.config.Presets;
import io.analogcomposer.engine.analog.inference.InferenceEvaluator;
import io.analogcomposer.engine.analog.nn.AnalogLayerFactories;
import io.analogcomposer.engine.backend.ComputeBackends;
import io.analogcomposer.engine.data.BatchLoader;
import io.analogcomposer.engine.data.Dataset;
import io.analogcomposer.engine.data.Datasets;
import io.analogcomposer.engine.experiment.CancellationToken;
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
import java.util.List;
import java.util.Map;

/**
 * Time of one hardware-aware training epoch of the composer's analog LeNet5 (web preset: noisy analog forward,
 * add-normal modifier, clipping, learned output scales) on Fashion-MNIST, batch size 10, SGD lr 0.01; argument: the
 * number of training samples (default 60,000). Prints the epoch time and the test accuracy after the epoch.
 */
public final class HwaEpochBench {
    private HwaEpochBench() {
    }

    /** Entry point. */
    public static void main(String[] argv) throws Exception {
        String a = String.join(" ", argv).trim();
        int n = a.isEmpty() ? 60_000 : Integer.parseInt(a);
        AnalogLayerFactories.register();
        Map<String, Object> web = Map.of("preset", "composer_web");
        NetworkSpec lenet = new NetworkSpec(List.of(1, 28, 28), List.of(
                LayerSpec.of("analog_conv2d", "out_channels", 16, "kernel_size", 5, "rpu_config", web),
                LayerSpec.of("tanh"), LayerSpec.of("max_pool2d", "kernel_size", 2),
                LayerSpec.of("analog_conv2d", "out_channels", 32, "kernel_size", 5, "rpu_config", web),
                LayerSpec.of("tanh"), LayerSpec.of("max_pool2d", "kernel_size", 2), LayerSpec.of("tanh"),
                LayerSpec.of("flatten"), LayerSpec.of("analog_linear", "out_features", 128, "rpu_config", web),
                LayerSpec.of("tanh"), LayerSpec.of("analog_linear", "out_features", 10, "rpu_config", web),
                LayerSpec.of("log_softmax")));
        io.analogcomposer.engine.data.TrainTest data = Datasets.load("fashion-mnist", BenchData.fashionMnist());
        Dataset train = data.train().head(n);
        Sequential net = ModelBuilder.build(lenet, 1, ComputeBackends.byName("auto", Parallel.CORES));
        Loss nll = Loss.byName("nll");
        Trainer t = new Trainer(net, nll, new Sgd(net.parameters(), 0.01), LrSchedule.constant());
        long t0 = System.nanoTime();
        double loss = t.trainEpoch(new BatchLoader(train, 10, true, 1, false), 0, TrainingListener.NONE,
                CancellationToken.NONE);
        double s = (System.nanoTime() - t0) / 1e9;
        net.train(false);
        double acc = InferenceEvaluator.evaluateOnce(net, new BatchLoader(data.test(), 1000, false, 0, false), nll)[0];
        System.out.printf("HWA LeNet5 (composer_web) epoch on %d samples, batch 10: %.1f s, train loss %.4f, "
                + "test accuracy %.4f (preset %s)%n", n, s, loss, acc, Presets.COMPOSER_WEB.mapping());
    }
}
