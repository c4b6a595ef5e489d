package io.analogcomposer.worker.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.analogcomposer.engine.analog.config.Presets;
import io.analogcomposer.engine.analog.nn.AnalogLinear;
import io.analogcomposer.engine.analog.nn.AnalogNetworks;
import io.analogcomposer.engine.backend.JavaBackend;
import io.analogcomposer.engine.experiment.ModelBuilder;
import io.analogcomposer.engine.experiment.NetworkSpec;
import io.analogcomposer.engine.nn.Activation;
import io.analogcomposer.engine.nn.Sequential;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Tensor;
import io.analogcomposer.spec.experiment.ExperimentSpec;
import io.analogcomposer.spec.messages.RunResult;
import io.analogcomposer.tensor.TensorDevice;
import io.analogcomposer.tensor.TensorNetwork;
import io.analogcomposer.worker.engine.EngineExperimentExecutor;
import io.analogcomposer.worker.engine.FoundDatasets;
import io.analogcomposer.worker.engine.SpecToEngine;
import io.analogcomposer.worker.engine.WeightTemplates;
import io.analogcomposer.engine.analog.nn.AnalogLayerFactories;
import io.analogcomposer.engine.data.BatchLoader;
import io.analogcomposer.engine.data.Dataset;
import io.analogcomposer.engine.data.Datasets;
import io.analogcomposer.engine.data.TrainTest;
import io.analogcomposer.engine.experiment.CancellationToken;
import io.analogcomposer.engine.experiment.LayerSpec;
import io.analogcomposer.engine.experiment.OptimizerSpec;
import io.analogcomposer.engine.experiment.Trainer;
import io.analogcomposer.engine.experiment.TrainingListener;
import io.analogcomposer.engine.nn.Loss;
import io.analogcomposer.engine.optim.LrSchedule;
import io.analogcomposer.engine.optim.Sgd;
import io.analogcomposer.tensor.TensorTrainer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The GPU suite's benchmark (`mvn -Pgpu verify -Dgroups=gpu`): prints the device and, beside the pure-Java figure
 * on the same machine, the MLP (3FC, web preset) inference forward of 10,000 inputs, program + drift of LeNet5, the
 * LeNet5 template's inference over time, a LeNet5 hardware-aware training epoch and a 3FC in-memory (pulsed,
 * ConstantStep) training epoch. On CUDA only, unless {@code -Dcomposer.gpu-suite.allow-cpu=true} (to try the suite on a
 * CPU machine).
 */
@Tag("gpu")
class GpuBenchmarkTest {
    static TensorDevice device;
    static final int CORES = Runtime.getRuntime().availableProcessors();

    @BeforeAll
    static void open() {
        device = TensorDevice.open(Boolean.getBoolean("composer.gpu-suite.allow-cpu"));
        System.out.printf("GPU suite device: %s; pure Java on %d cores%n", device.description(), CORES);
    }

    @AfterAll
    static void close() {
        device.close();
    }

    /** Best of {@code n} timings in seconds. */
    static double best(int n, Runnable r) {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            r.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return best;
    }

    @Test
    void mlpInferenceForwardOf10000Inputs() {
        Rng r = new Rng(1);
        Sequential mlp = new Sequential(List.of(new io.analogcomposer.engine.nn.Flatten(),
                new AnalogLinear(784, 256, true, Presets.COMPOSER_WEB, r.split(1)),
                new Activation(Activation.Kind.SIGMOID),
                new AnalogLinear(256, 128, true, Presets.COMPOSER_WEB, r.split(2)),
                new Activation(Activation.Kind.SIGMOID),
                new AnalogLinear(128, 10, true, Presets.COMPOSER_WEB, r.split(3)),
                new Activation(Activation.Kind.LOG_SOFTMAX)));
        float[] x = new float[10_000 * 784];
        r.split(4).fillUniform(x, 0, x.length, 0f, 1f);
        mlp.setBackend(new JavaBackend(CORES));
        mlp.train(false);
        Tensor in = Tensor.of(x, 10_000, 784);
        double java = best(3, () -> mlp.forward(in));
        double tensor;
        try (TensorNetwork net = new TensorNetwork(mlp, device); NDManager data = net.manager().newSubManager()) {
            var batch = data.create(x, new Shape(10_000, 784));
            tensor = best(5, () -> {
                try (NDManager scope = net.manager().newSubManager()) {
                    assertThat(net.forward(batch, scope).toFloatArray()).hasSize(100_000);
                }
            });
        }
        System.out.printf("3FC (784-256-128-10, web preset) inference forward of 10,000 inputs: tensor %.3f s on %s,"
                + " Java %.3f s (%.1fx)%n", tensor, device.name(), java, java / tensor);
    }

    @Test
    void lenet5ProgramAndDriftAndInferenceOverTime() throws Exception {
        ExperimentSpec spec = TemplateJobs.lenet5(2000, 2, 0, 3600, 86400, 3.15e7);
        NetworkSpec net = ModelBuilder.resolve(SpecToEngine.network(spec));
        Sequential model = WeightTemplates.shipped().build(net, "ac-hwa-trained-lenet5", "fashion-mnist", 1,
                new JavaBackend(CORES));
        model.train(false);
        double java = best(3, () -> {
            AnalogNetworks.program(model, new Rng(1));
            AnalogNetworks.drift(model, 86400, new Rng(2));
        });
        AnalogNetworks.clearProgramming(model);
        double tensor;
        try (TensorNetwork t = new TensorNetwork(model, device); NDManager scope = t.manager().newSubManager()) {
            var one = scope.create(new float[784], new Shape(1, 1, 28, 28));
            tensor = best(5, () -> {
                t.program();
                t.drift(86400);
                t.forward(one, scope).toFloatArray(); // waits for the device
            });
        }
        System.out.printf("LeNet5 program + drift (1 day): tensor %.4f s, Java %.4f s (%.1fx)%n", tensor, java,
                java / tensor);

        long t0 = System.nanoTime();
        List<RunResult.InferenceResult> javaRun = TensorTemplateAccuracyTest.run(new EngineExperimentExecutor(
                FoundDatasets.in(List.of()), new JavaBackend(CORES), WeightTemplates.shipped()), spec);
        long t1 = System.nanoTime();
        List<RunResult.InferenceResult> tensorRun = TensorTemplateAccuracyTest.run(new TensorExperimentExecutor(
                device, FoundDatasets.in(List.of()), new JavaBackend(CORES), WeightTemplates.shipped()), spec);
        long t2 = System.nanoTime();
        System.out.printf("LeNet5 template, 2,000 images, 4 times x 2 repetitions (with data loading): tensor "
                + "%.1f s, Java %.1f s (%.1fx)%n", (t2 - t1) / 1e9, (t1 - t0) / 1e9, (t1 - t0) / (double) (t2 - t1));
        for (int k = 0; k < javaRun.size(); k++) {
            System.out.printf("  t=%.0f s: tensor %.2f %%, Java %.2f %%%n", javaRun.get(k).tInference(),
                    tensorRun.get(k).avgAccuracy(), javaRun.get(k).avgAccuracy());
            assertThat(tensorRun.get(k).avgAccuracy()).isCloseTo(javaRun.get(k).avgAccuracy(),
                    org.assertj.core.data.Offset.offset(2.0));
        }
    }

    /**
     * AIHWKit's training timing (simulator-engine's PulsedSgdBench): one epoch of pulsed in-memory SGD on the MLP
     * 784-256-128-10 (sigmoid, log-softmax, NLL, lr 0.05, batch 10) with one ConstantStep device per cross-point and
     * default IO and update settings, here on Fashion-MNIST images (10,000 unless
     * {@code composer.gpu-suite.pulsed-images}); the same initial devices for both.
     */
    @Test
    void threeFcInMemoryTrainingEpoch() throws Exception {
        int n = Integer.getInteger("composer.gpu-suite.pulsed-images", 10_000);
        AnalogLayerFactories.register();
        Map<String, Object> rpu = Map.of("type", "single", "device", Map.of("type", "constant_step"));
        NetworkSpec mlp = new NetworkSpec(List.of(1, 28, 28), List.of(LayerSpec.of("flatten"),
                LayerSpec.of("analog_linear", "out_features", 256, "rpu_config", rpu), LayerSpec.of("sigmoid"),
                LayerSpec.of("analog_linear", "out_features", 128, "rpu_config", rpu), LayerSpec.of("sigmoid"),
                LayerSpec.of("analog_linear", "out_features", 10, "rpu_config", rpu), LayerSpec.of("log_softmax")));
        TrainTest data = Datasets.load("fashion-mnist", FoundDatasets.in(List.of()));
        Dataset train = data.train().head(n), test = data.test().head(2000);
        Sequential java = ModelBuilder.build(mlp, 1, new JavaBackend(CORES));
        Sequential onDevice = ModelBuilder.build(mlp, 1, new JavaBackend(CORES));
        OptimizerSpec sgd = new OptimizerSpec("analog_sgd", 0.05, 0, 0, 0, false, 0.9, 0.999, 1e-8);
        Trainer t = new Trainer(java, Loss.byName("nll"), sgd.create(java), LrSchedule.constant());
        long t0 = System.nanoTime();
        t.trainEpoch(new BatchLoader(train, 10, true, 1, false), 0, TrainingListener.NONE, CancellationToken.NONE);
        double javaSeconds = (System.nanoTime() - t0) / 1e9;
        double javaAcc = t.evaluate(new BatchLoader(test, 500, false, 0, false)).accuracy();
        double tensorSeconds, tensorAcc;
        device.seed(1);
        try (TensorTrainer tt = new TensorTrainer(onDevice, "nll", sgd, device)) {
            long t1 = System.nanoTime();
            tt.trainEpoch(new BatchLoader(train, 10, true, 1, false), 0, 0.05, TrainingListener.NONE,
                    CancellationToken.NONE);
            tensorSeconds = (System.nanoTime() - t1) / 1e9;
            tensorAcc = tt.evaluate(new BatchLoader(test, 500, false, 0, false)).accuracy();
        }
        System.out.printf("3FC in-memory training epoch (ConstantStep, %,d images, batch 10, analog SGD 0.05): "
                + "tensor %.1f s on %s, Java %.1f s (%.2fx); test accuracy on 2,000 after it: tensor %.4f, Java "
                + "%.4f%n", n, tensorSeconds, device.name(), javaSeconds, javaSeconds / tensorSeconds, tensorAcc,
                javaAcc);
        assertThat(tensorAcc).isCloseTo(javaAcc, org.assertj.core.data.Offset.offset(0.05));
    }

    @Test
    void lenet5HardwareAwareTrainingEpoch() throws Exception {
        int n = Integer.getInteger("composer.gpu-suite.hwa-images", 10_000);
        AnalogLayerFactories.register();
        Map<String, Object> web = Map.of("preset", "composer_web");
        // the network of simulator-bench's HwaEpochBench: web preset, add-normal modifier, clipping, learned scales
        NetworkSpec lenet = new NetworkSpec(List.of(1, 28, 28), List.of(
                LayerSpec.of("analog_conv2d", "out_channels", 16, "kernel_size", 5, "rpu_config", web),
                LayerSpec.of("tanh"), LayerSpec.of("max_pool2d", "kernel_size", 2),
                LayerSpec.of("analog_conv2d", "out_channels", 32, "kernel_size", 5, "rpu_config", web),
                LayerSpec.of("tanh"), LayerSpec.of("max_pool2d", "kernel_size", 2), LayerSpec.of("tanh"),
                LayerSpec.of("flatten"), LayerSpec.of("analog_linear", "out_features", 128, "rpu_config", web),
                LayerSpec.of("tanh"), LayerSpec.of("analog_linear", "out_features", 10, "rpu_config", web),
                LayerSpec.of("log_softmax")));
        TrainTest data = Datasets.load("fashion-mnist", FoundDatasets.in(List.of()));
        Dataset train = data.train().head(n), test = data.test().head(2000);
        Sequential java = ModelBuilder.build(lenet, 1, new JavaBackend(CORES));
        Sequential onDevice = ModelBuilder.build(lenet, 1, new JavaBackend(CORES));
        Loss nll = Loss.byName("nll");
        Trainer t = new Trainer(java, nll, new Sgd(java.parameters(), 0.01), LrSchedule.constant());
        long t0 = System.nanoTime();
        t.trainEpoch(new BatchLoader(train, 10, true, 1, false), 0, TrainingListener.NONE, CancellationToken.NONE);
        double javaSeconds = (System.nanoTime() - t0) / 1e9;
        double javaAcc = t.evaluate(new BatchLoader(test, 500, false, 0, false)).accuracy();
        double tensorSeconds, tensorAcc;
        device.seed(1);
        try (TensorTrainer tt = new TensorTrainer(onDevice, "nll", OptimizerSpec.sgd(0.01), device)) {
            long t1 = System.nanoTime();
            tt.trainEpoch(new BatchLoader(train, 10, true, 1, false), 0, 0.01, TrainingListener.NONE,
                    CancellationToken.NONE);
            tensorSeconds = (System.nanoTime() - t1) / 1e9;
            tensorAcc = tt.evaluate(new BatchLoader(test, 500, false, 0, false)).accuracy();
        }
        System.out.printf(
                "LeNet5 HWA training epoch (web preset, %,d images, batch 10, SGD 0.01): tensor %.1f s on %s, "
                        + "Java %.1f s (%.1fx); test accuracy on 2,000 after it: tensor %.4f, Java %.4f%n",
                n, tensorSeconds,
                device.name(), javaSeconds, javaSeconds / tensorSeconds, tensorAcc, javaAcc);
        assertThat(tensorAcc).isCloseTo(javaAcc, org.assertj.core.data.Offset.offset(0.05));
    }
}
