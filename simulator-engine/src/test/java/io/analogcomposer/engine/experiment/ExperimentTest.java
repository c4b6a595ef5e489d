package io.analogcomposer.engine.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.analogcomposer.engine.backend.JavaBackend;
import io.analogcomposer.engine.data.DatasetLocator;
import io.analogcomposer.engine.json.Json;
import io.analogcomposer.engine.nn.Linear;
import io.analogcomposer.engine.nn.Sequential;
import io.analogcomposer.engine.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner end to end on synthetic data: learning, reproducibility, progress, cancellation, checkpoints. */
class ExperimentTest {
    static final DatasetLocator NO_DIRS = DatasetLocator.none();

    @TempDir
    Path tmp;

    static RunSpec small(NetworkSpec net, int epochs, long seed) {
        return new RunSpec("test", seed, new DatasetSpec("synthetic-mnist", 0.1, 600, 200, true), net,
                new TrainingSpec(epochs, 16, "nll", OptimizerSpec.sgd(0.05, 0.9), LrScheduleSpec.step(1, 0.5)));
    }

    static NetworkSpec convNet() {
        return new NetworkSpec(List.of(1, 28, 28), List.of(
                LayerSpec.of("conv2d", "out_channels", 4, "kernel_size", 5, "stride", 2),
                LayerSpec.of("batch_norm2d"), LayerSpec.of("relu"), LayerSpec.of("max_pool2d", "kernel_size", 2),
                LayerSpec.of("dropout", "p", 0.1), LayerSpec.of("flatten"), LayerSpec.of("linear", "out_features", 10),
                LayerSpec.of("log_softmax")));
    }

    @Test
    void shapeInferenceFillsInputSizesOfTheTemplates() {
        NetworkSpec lenet = ModelBuilder.resolve(NetworkTemplates.lenet5());
        assertThat(lenet.layers().get(7).params()).containsEntry("in_features", 512).containsEntry("out_features",
                128);
        assertThat(lenet.layers().get(3).params()).containsEntry("in_channels", 16);
        NetworkSpec fc = ModelBuilder.resolve(NetworkTemplates.threeFc());
        assertThat(fc.layers().get(1).params()).containsEntry("in_features", 784);
        NetworkSpec vgg = ModelBuilder.resolve(NetworkTemplates.vgg8());
        assertThat(vgg.layers().stream().filter(l -> l.type().equals("linear")).findFirst().orElseThrow().params())
                .containsEntry("in_features", 2304).containsEntry("out_features", 384);
        assertThat(ModelBuilder.outputShape(NetworkTemplates.vgg8())).containsExactly(10);
        assertThat(ModelBuilder.build(NetworkTemplates.threeFc(), 1, null).parameterCount())
                .isEqualTo(784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10);
    }

    @Test
    void layersBeforeTheFirstLearnerSkipTheirInputGradient() {
        Sequential fc = ModelBuilder.build(NetworkTemplates.threeFc(), 1, null);
        assertThat(fc.layers().stream().map(io.analogcomposer.engine.nn.Module::needsInputGrad).toList())
                .containsExactly(false, false, true, true, true, true, true);
        Tensor x = Tensor.zeros(2, 1, 28, 28);
        Tensor y = fc.forward(x);
        assertThat(fc.backward(Tensor.zeros(y.shape()).fill(0.1f))).isNull();
        assertThat(fc.parameters().get(0).grad().toArray()).containsOnly(0f); // zero input, so dW of layer 1 is 0
        fc.setNeedsInputGrad(true);
        assertThat(fc.layers().stream().allMatch(io.analogcomposer.engine.nn.Module::needsInputGrad)).isTrue();
        assertThat(fc.backward(Tensor.zeros(y.shape()).fill(0.1f)).shape()).containsExactly(2, 1, 28, 28);
    }

    @Test
    void badNetworksFailNamingTheLayerAndShapes() {
        NetworkSpec noFlatten = new NetworkSpec(List.of(1, 28, 28), List.of(LayerSpec.of("linear", "out_features",
                10)));
        assertThatThrownBy(() -> ModelBuilder.resolve(noFlatten)).hasMessageContaining("layers[0] (linear, input shape"
                + " [1, 28, 28])");
        NetworkSpec unknown = new NetworkSpec(List.of(4), List.of(LayerSpec.of("quantum")));
        assertThatThrownBy(() -> ModelBuilder.resolve(unknown)).hasMessageContaining("unknown layer type 'quantum'");
        NetworkSpec missing = new NetworkSpec(List.of(4), List.of(LayerSpec.of("linear")));
        assertThatThrownBy(() -> ModelBuilder.resolve(missing)).hasMessageContaining(
                "missing required field 'out_features'");
        NetworkSpec wrongIn = new NetworkSpec(List.of(4), List.of(LayerSpec.of("linear", "in_features", 5,
                "out_features", 2)));
        assertThatThrownBy(() -> ModelBuilder.resolve(wrongIn)).hasMessageContaining(
                "in_features is 5 but the incoming shape gives 4");
    }

    @Test
    void trainsAndReportsProvenance() throws IOException {
        List<EpochMetrics> seen = new ArrayList<>();
        RunResult r = new ExperimentRunner(NO_DIRS, new JavaBackend(1)).run(small(NetworkTemplates.threeFc(), 3, 7),
                new TrainingListener() {
                    @Override
                    public void onEpoch(EpochMetrics m) {
                        seen.add(m);
                    }
                }, CancellationToken.NONE).result();
        assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(seen).hasSize(3).isEqualTo(r.epochs());
        assertThat(r.epochs().get(2).trainLoss()).isLessThan(r.epochs().get(0).trainLoss());
        assertThat(r.epochs().get(1).learningRate()).isEqualTo(0.025);
        assertThat(r.testAccuracy()).isGreaterThan(0.8);
        assertThat(r.seed()).isEqualTo(7);
        assertThat(r.engineVersion()).isEqualTo(io.analogcomposer.engine.EngineInfo.current().version())
                .matches("\\d+\\.\\d+\\.\\d+.*");
        Map<?, ?> doc = (Map<?, ?>) Json.parse(r.toJson());
        assertThat(doc.get("status")).isEqualTo("completed");
        Map<?, ?> cfg = (Map<?, ?>) doc.get("config");
        assertThat(((Map<?, ?>) ((List<?>) ((Map<?, ?>) cfg.get("network")).get("layers")).get(1)).get("in_features"))
                .isEqualTo(784L);
        assertThat(((List<?>) doc.get("epochs"))).hasSize(3);
    }

    @Test
    void sameSeedGivesBitIdenticalResultsOnOneAndTwoThreads() throws IOException {
        RunSpec spec = small(convNet(), 2, 11);
        ExperimentRunner.Outcome one = new ExperimentRunner(NO_DIRS, new JavaBackend(1)).run(spec,
                TrainingListener.NONE, CancellationToken.NONE);
        // threshold 0: every GEMM and im2col is split across both threads
        ExperimentRunner.Outcome two = new ExperimentRunner(NO_DIRS, new JavaBackend(2, 0)).run(spec,
                TrainingListener.NONE, CancellationToken.NONE);
        for (int i = 0; i < 2; i++) {
            assertThat(two.result().epochs().get(i).trainLoss()).isEqualTo(one.result().epochs().get(i).trainLoss());
            assertThat(two.result().epochs().get(i).validationLoss())
                    .isEqualTo(one.result().epochs().get(i).validationLoss());
        }
        assertThat(two.result().testAccuracy()).isEqualTo(one.result().testAccuracy());
        Map<String, Tensor> s1 = one.model().state(), s2 = two.model().state();
        for (String k : s1.keySet()) {
            assertThat(s2.get(k).toArray()).as(k).containsExactly(s1.get(k).toArray());
        }
        RunResult other = new ExperimentRunner(NO_DIRS, new JavaBackend(1)).run(small(convNet(), 2, 12),
                TrainingListener.NONE, CancellationToken.NONE).result();
        assertThat(other.epochs().get(0).trainLoss()).isNotEqualTo(one.result().epochs().get(0).trainLoss());
    }

    @Test
    void javaAndBlasBackendsTrainToTheSameLossWithinRounding() throws IOException {
        RunSpec spec = small(convNet(), 1, 13);
        RunResult java = new ExperimentRunner(NO_DIRS, new JavaBackend(2)).run(spec, TrainingListener.NONE,
                CancellationToken.NONE).result();
        RunResult blas = new ExperimentRunner(NO_DIRS, io.analogcomposer.engine.backend.BlasBackend.create(2)
                .orElseThrow()).run(spec, TrainingListener.NONE, CancellationToken.NONE).result();
        assertThat(blas.backend()).isEqualTo("openblas");
        assertThat(blas.epochs().get(0).trainLoss()).isCloseTo(java.epochs().get(0).trainLoss(),
                org.assertj.core.data.Offset.offset(1e-3));
        assertThat(blas.testAccuracy()).isCloseTo(java.testAccuracy(), org.assertj.core.data.Offset.offset(0.02));
    }

    @Test
    void cancellationStopsAtABatchBoundary() throws IOException {
        AtomicInteger batches = new AtomicInteger();
        TrainingListener counter = new TrainingListener() {
            @Override
            public void onBatch(int epoch, int batch, int total) {
                batches.incrementAndGet();
            }
        };
        RunResult r = new ExperimentRunner(NO_DIRS, new JavaBackend(1)).run(small(NetworkTemplates.threeFc(), 5, 1),
                counter, () -> batches.get() >= 40).result();
        assertThat(r.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(batches.get()).isEqualTo(40);
        assertThat(r.epochs()).hasSize(1); // 540 samples / 16 = 34 batches: epoch 1 finished, epoch 2 cancelled
        assertThat(r.testAccuracy()).isNaN();
    }

    @Test
    void checkpointRoundTripRestoresOutputsExactly() throws IOException {
        ExperimentRunner.Outcome o = new ExperimentRunner(NO_DIRS, new JavaBackend(1)).run(small(convNet(), 1, 3),
                TrainingListener.NONE, CancellationToken.NONE);
        Path file = tmp.resolve("model.ckpt");
        Checkpoint.save(file, o.result().resolvedSpec().network(), o.model(), Map.of("test_accuracy",
                o.result().testAccuracy()));
        Checkpoint.Loaded loaded = Checkpoint.load(file);
        assertThat(loaded.network()).isEqualTo(o.result().resolvedSpec().network());
        assertThat(loaded.metadata().get("test_accuracy")).isEqualTo(o.result().testAccuracy());
        Sequential a = o.model(), b = loaded.model();
        a.train(false);
        b.train(false);
        Tensor x = Tensor.zeros(3, 1, 28, 28);
        new io.analogcomposer.engine.random.Rng(1).fillUniform(x.data(), 0, x.size(), 0f, 1f);
        float[] ya = a.forward(x).toArray(), yb = b.forward(x).toArray();
        assertThat(yb).containsExactly(ya);
        assertThat(b.state().get("1.running_var").toArray()).containsExactly(a.state().get("1.running_var")
                .toArray());

        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x10;
        Path corrupt = tmp.resolve("corrupt.ckpt");
        Files.write(corrupt, bytes);
        assertThatThrownBy(() -> Checkpoint.load(corrupt)).hasMessageContaining("checksum mismatch");
        Files.write(corrupt, "not a checkpoint".getBytes());
        assertThatThrownBy(() -> Checkpoint.load(corrupt)).hasMessageContaining("bad magic");
    }

    @Test
    void runSpecReadsTheExperimentFormat() {
        String json = """
                {"name": "LeNet", "seed": 42,
                 "dataset": {"name": "fashion-mnist", "validation_fraction": 0.1},
                 "network": {"input_shape": [1, 28, 28], "layers": [
                   {"type": "conv2d", "out_channels": 16, "kernel_size": 5}, {"type": "tanh"},
                   {"type": "max_pool2d", "kernel_size": 2}, {"type": "flatten"},
                   {"type": "linear", "out_features": 10}, {"type": "log_softmax"}]},
                 "training": {"epochs": 10, "batch_size": 64, "loss": "nll",
                   "optimizer": {"type": "sgd", "lr": 0.05, "momentum": 0.9},
                   "lr_schedule": {"type": "multi_step", "milestones": [5, 8], "gamma": 0.1}}}
                """;
        @SuppressWarnings("unchecked")
        RunSpec spec = RunSpec.fromMap((Map<String, Object>) Json.parse(json));
        assertThat(spec.seed()).isEqualTo(42);
        assertThat(spec.training().optimizer().momentum()).isEqualTo(0.9);
        assertThat(spec.training().lrSchedule().milestones()).containsExactly(5, 8);
        assertThat(ModelBuilder.resolve(spec.network()).layers().get(4).params()).containsEntry("in_features",
                16 * 12 * 12);
        @SuppressWarnings("unchecked")
        RunSpec again = RunSpec.fromMap((Map<String, Object>) Json.parse(Json.write(spec.toMap())));
        assertThat(again).isEqualTo(spec);
        assertThatThrownBy(() -> RunSpec.fromMap(Map.of("seed", 1))).hasMessageContaining(
                "missing required section(s): dataset network training");
    }

    @Test
    void mismatchedDatasetAndNetworkAreReported() {
        RunSpec spec = new RunSpec("x", 1, new DatasetSpec("synthetic-cifar10", 0, 10, 10, true),
                NetworkTemplates.threeFc(), new TrainingSpec(1, 4, "nll", OptimizerSpec.sgd(0.1), null));
        assertThatThrownBy(() -> new ExperimentRunner(NO_DIRS, new JavaBackend(1)).run(spec, TrainingListener.NONE,
                CancellationToken.NONE)).hasMessageContaining("network input_shape [1, 28, 28] does not match dataset "
                        + "'synthetic-cifar10' samples [3, 32, 32]");
    }

    @Test
    void syntheticDataFollowsTheNetworkAndTestSplitServesAsValidation() throws IOException {
        NetworkSpec net = new NetworkSpec(List.of(3, 8), List.of(
                LayerSpec.of("conv1d", "out_channels", 4, "kernel_size", 3, "name", "features"),
                LayerSpec.of("leaky_relu"), LayerSpec.of("flatten"), LayerSpec.of("batch_norm1d", "affine", false),
                LayerSpec.of("dropout", "p", 0.2), LayerSpec.of("linear", "out_features", 4),
                LayerSpec.of("log_softmax", "dim", 1)));
        RunSpec spec = new RunSpec("synthetic", 5, new DatasetSpec("synthetic", 0, 0, 0, true, 4, 400), net,
                new TrainingSpec(3, 16, "nll", new OptimizerSpec("analog_sgd", 0.1, 0.5, 0, 1e-4, false, 0.9, 0.999,
                        1e-8), new LrScheduleSpec("exponential", 0, 0.5, null, 0, 0), false));
        RunResult r = new ExperimentRunner(NO_DIRS, new JavaBackend(1)).run(spec, TrainingListener.NONE,
                CancellationToken.NONE).result();
        assertThat(r.validationSource()).isEqualTo("test");
        assertThat(spec.training().optimizer().create(List.of()))
                .isInstanceOf(io.analogcomposer.engine.optim.Sgd.class);
        assertThat(OptimizerSpec.adam(0.1).create(List.of())).isInstanceOf(io.analogcomposer.engine.optim.Adam.class);
        assertThat(r.epochs().get(2).learningRate()).isEqualTo(0.025);
        assertThat(r.epochs().get(2).validationAccuracy()).isEqualTo(r.testAccuracy());
        assertThat(r.testAccuracy()).isGreaterThan(0.7);
        assertThat(r.resolvedSpec().network().layers().get(0).params()).containsEntry("name", "features")
                .containsEntry("in_channels", 3);
        assertThatThrownBy(() -> ModelBuilder.resolve(new NetworkSpec(List.of(4), List.of(LayerSpec.of("softmax",
                "dim", 2))))).hasMessageContaining("dim 1 (features) only");
    }

    @Test
    void vgg8TrainsOneStepOnCifarShapedData() {
        Sequential vgg = ModelBuilder.build(NetworkTemplates.vgg8(), 1, new JavaBackend(2));
        Tensor x = Tensor.zeros(2, 3, 32, 32);
        new io.analogcomposer.engine.random.Rng(2).fillNormal(x.data(), 0, x.size(), 0f, 1f);
        Tensor y = vgg.forward(x);
        assertThat(y.shape()).containsExactly(2, 10);
        io.analogcomposer.engine.nn.Loss loss = io.analogcomposer.engine.nn.Loss.byName("nll");
        float before = loss.forward(y, Tensor.of(new float[]{3, 7}, 2));
        vgg.backward(loss.backward());
        new io.analogcomposer.engine.optim.Sgd(vgg.parameters(), 0.05).step();
        float after = loss.forward(vgg.forward(x), Tensor.of(new float[]{3, 7}, 2));
        assertThat(after).isLessThan(before);
    }

    @Test
    void mseLossTrainsOnOneHotTargets() throws IOException {
        NetworkSpec net = new NetworkSpec(List.of(1, 28, 28), List.of(LayerSpec.of("flatten"), LayerSpec.of("linear",
                "out_features", 10), LayerSpec.of("softmax")));
        RunSpec spec = new RunSpec("mse", 1, new DatasetSpec("synthetic-mnist", 0, 400, 100, true), net,
                new TrainingSpec(2, 8, "mse", OptimizerSpec.adam(0.01), null));
        RunResult r = new ExperimentRunner(NO_DIRS, new JavaBackend(1)).run(spec, TrainingListener.NONE,
                CancellationToken.NONE).result();
        assertThat(r.testAccuracy()).isGreaterThan(0.5);
        assertThat(ModelBuilder.build(net, 1, null).layers().get(1)).isInstanceOf(Linear.class);
    }
}
