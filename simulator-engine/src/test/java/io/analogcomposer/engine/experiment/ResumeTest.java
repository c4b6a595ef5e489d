package io.analogcomposer.engine.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.engine.analog.nn.AnalogLayerFactories;
import io.analogcomposer.engine.backend.JavaBackend;
import io.analogcomposer.engine.data.DatasetLocator;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A session saved at an epoch boundary and continued by a fresh runner (another worker) ends exactly where an
 * uninterrupted run ends: same weights bit for bit, same per-epoch metrics, same test accuracy. That needs every
 * piece of state training changes (weights, optimizer moments, device states, random streams, counters) to be in
 * the saved state; a forgotten one shows up here as a difference.
 */
class ResumeTest {

    private static final DatasetLocator NONE = DatasetLocator.none();

    static {
        AnalogLayerFactories.register();
    }

    private static RunSpec spec(NetworkSpec net, OptimizerSpec optimizer, long seed) {
        return new RunSpec("resume", seed, new DatasetSpec("synthetic-mnist", 0.1, 160, 64, true), net,
                new TrainingSpec(3, 16, "nll", optimizer, LrScheduleSpec.step(1, 0.5)));
    }

    /** Digital conv net with batch norm and dropout, SGD with momentum. */
    private static RunSpec digital() {
        return spec(ExperimentTest.convNet(), OptimizerSpec.sgd(0.05, 0.9), 11);
    }

    /** Hardware-aware training: analog tiles with noisy forward passes, Adam. */
    private static RunSpec hardwareAware() {
        Map<String, Object> web = Map.of("preset", "composer_web");
        return spec(new NetworkSpec(List.of(1, 28, 28), List.of(
                LayerSpec.of("analog_conv2d", "out_channels", 4, "kernel_size", 5, "stride", 2, "rpu_config", web),
                LayerSpec.of("tanh"), LayerSpec.of("dropout", "p", 0.1), LayerSpec.of("flatten"),
                LayerSpec.of("analog_linear", "out_features", 10, "rpu_config", web),
                LayerSpec.of("log_softmax"))), OptimizerSpec.adam(0.01), 12);
    }

    /** In-memory training: pulsed updates of soft-bounds devices, analog SGD. */
    private static RunSpec inMemory(Map<String, Object> rpu) {
        return spec(new NetworkSpec(List.of(1, 28, 28), List.of(
                LayerSpec.of("analog_conv2d", "out_channels", 4, "kernel_size", 5, "stride", 2, "rpu_config", rpu),
                LayerSpec.of("tanh"), LayerSpec.of("flatten"),
                LayerSpec.of("analog_linear", "out_features", 10, "rpu_config", rpu),
                LayerSpec.of("log_softmax"))), OptimizerSpec.fromMap(Map.of("type", "analog_sgd", "lr", 0.1)), 13);
    }

    private static Map<String, Object> singleDevice(String device) {
        return Map.of("type", "single", "device", Map.of("type", device));
    }

    /** Saves after {@code stopAfter} epochs and stops there; or, given a saved state, continues from it. */
    private static final class Handover implements Resumption {
        private final byte[] saved;
        private final int stopAfter;
        byte[] captured;
        List<String> notResumable = List.of();
        String refused;
        final List<Integer> offered = new ArrayList<>();

        Handover(byte[] saved, int stopAfter) {
            this.saved = saved;
            this.stopAfter = stopAfter;
        }

        @Override
        public byte[] saved() {
            return saved;
        }

        @Override
        public boolean afterEpoch(int epochsDone, int epochs, Supplier<byte[]> state) {
            offered.add(epochsDone);
            if (epochsDone == stopAfter && state != null) {
                captured = state.get();
                return true;
            }
            return false;
        }

        @Override
        public void savedStateRefused(String why) {
            refused = why;
        }

        @Override
        public void notResumable(List<String> parts) {
            notResumable = parts;
        }
    }

    private static ExperimentRunner runner() {
        return new ExperimentRunner(NONE, new JavaBackend(1));
    }

    private static void assertContinuesExactly(RunSpec spec) throws Exception {
        ExperimentRunner.Outcome straight = runner().run(spec, TrainingListener.NONE, () -> false);

        Handover first = new Handover(null, 1);
        ExperimentRunner.Outcome stopped = runner().run(spec, TrainingListener.NONE, () -> false, first);
        assertThat(stopped.result().status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(stopped.result().epochs()).hasSize(1);
        assertThat(first.captured).as("state saved after epoch 1").isNotNull();

        Handover second = new Handover(first.captured, -1);
        List<EpochMetrics> reported = new ArrayList<>();
        ExperimentRunner.Outcome resumed = runner().run(spec, new TrainingListener() {
            @Override
            public void onEpoch(EpochMetrics metrics) {
                reported.add(metrics);
            }
        }, () -> false, second);
        assertThat(second.refused).isNull();
        assertThat(resumed.resumedAfterEpochs()).isEqualTo(1);
        assertThat(reported).as("only the epochs not done before are trained again").extracting(EpochMetrics::epoch)
                .containsExactly(2, 3);
        assertThat(second.offered).containsExactly(2);
        assertThat(resumed.result().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(resumed.result().epochs()).extracting(EpochMetrics::epoch).containsExactly(1, 2, 3);
        for (int e = 0; e < 3; e++) {
            EpochMetrics a = straight.result().epochs().get(e), b = resumed.result().epochs().get(e);
            assertThat(b.trainLoss()).as("train loss of epoch %d", e + 1).isEqualTo(a.trainLoss());
            assertThat(b.validationAccuracy()).as("validation accuracy of epoch %d", e + 1)
                    .isEqualTo(a.validationAccuracy());
            assertThat(b.learningRate()).isEqualTo(a.learningRate());
        }
        assertThat(resumed.result().testAccuracy()).isEqualTo(straight.result().testAccuracy());
        Map<String, Tensor> expected = straight.model().state(), actual = resumed.model().state();
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        for (String name : expected.keySet()) {
            assertThat(actual.get(name).toArray()).as(name).containsExactly(expected.get(name).toArray());
        }
    }

    @Test
    void aDigitalNetworkWithMomentumBatchNormAndDropoutContinuesExactly() throws Exception {
        assertContinuesExactly(digital());
    }

    @Test
    void hardwareAwareTrainingWithAdamContinuesExactly() throws Exception {
        assertContinuesExactly(hardwareAware());
    }

    @Test
    void inMemoryTrainingOnPulsedDevicesContinuesExactly() throws Exception {
        assertContinuesExactly(inMemory(singleDevice("soft_bounds")));
        assertContinuesExactly(inMemory(singleDevice("constant_step")));
    }

    @Test
    void anAnalogLstmContinuesExactly() throws Exception {
        Map<String, Object> web = Map.of("preset", "composer_web");
        assertContinuesExactly(spec(new NetworkSpec(List.of(28, 28), List.of(
                LayerSpec.of("analog_lstm", "hidden_size", 12, "rpu_config", web),
                LayerSpec.of("linear", "out_features", 10), LayerSpec.of("log_softmax"))),
                OptimizerSpec.adam(0.01), 14));
    }

    @Test
    void anAnalogTransformerEncoderOnPatchesAndABidirectionalAnalogGruContinueExactly() throws Exception {
        Map<String, Object> web = Map.of("preset", "composer_web");
        assertContinuesExactly(spec(new NetworkSpec(List.of(16, 49), List.of(
                LayerSpec.of("analog_linear", "out_features", 8, "rpu_config", web),
                LayerSpec.of("position_embedding"),
                LayerSpec.of("analog_encoder_block", "num_heads", 2, "dim_feedforward", 12, "rpu_config", web),
                LayerSpec.of("token_mean"), LayerSpec.of("linear", "out_features", 10), LayerSpec.of("log_softmax"))),
                OptimizerSpec.adam(0.01), 15));
        assertContinuesExactly(spec(new NetworkSpec(List.of(28, 28), List.of(
                LayerSpec.of("analog_gru", "hidden_size", 6, "bidirectional", true, "rpu_config", web),
                LayerSpec.of("linear", "out_features", 10), LayerSpec.of("log_softmax"))),
                OptimizerSpec.adam(0.01), 16));
    }

    @Test
    void aCompoundAlgorithmWhoseStateIsNotCapturedSaysSoAndOffersNoState() throws Exception {
        RunSpec tikiTaka = inMemory(Map.of("type", "unit_cell", "device", Map.of("type", "transfer",
                "unit_cell_devices", List.of(Map.of("type", "soft_bounds"), Map.of("type", "soft_bounds")))));
        Handover handover = new Handover(null, 1);
        ExperimentRunner.Outcome outcome = runner().run(tikiTaka, TrainingListener.NONE, () -> false, handover);
        assertThat(handover.notResumable).isNotEmpty().allMatch(p -> p.contains("TransferTile"));
        assertThat(handover.captured).isNull();
        assertThat(handover.offered).containsExactly(1, 2);
        assertThat(outcome.result().status()).isEqualTo(RunStatus.COMPLETED);
    }

    @Test
    void aStateOfAnotherExperimentOrADamagedOneIsRefusedAndTheRunStartsOver() throws Exception {
        Handover first = new Handover(null, 1);
        runner().run(digital(), TrainingListener.NONE, () -> false, first);
        RunSpec otherSeed = spec(ExperimentTest.convNet(), OptimizerSpec.sgd(0.05, 0.9), 99);
        ExperimentRunner.Outcome straight = runner().run(otherSeed, TrainingListener.NONE, () -> false);

        Handover foreign = new Handover(first.captured, -1);
        ExperimentRunner.Outcome fresh = runner().run(otherSeed, TrainingListener.NONE, () -> false, foreign);
        assertThat(foreign.refused).contains("another experiment");
        assertThat(fresh.resumedAfterEpochs()).isZero();
        assertThat(fresh.result().testAccuracy()).isEqualTo(straight.result().testAccuracy());

        byte[] damaged = first.captured.clone();
        damaged[damaged.length / 2] ^= 0x10;
        Handover broken = new Handover(damaged, -1);
        ExperimentRunner.Outcome over = runner().run(digital(), TrainingListener.NONE, () -> false, broken);
        assertThat(broken.refused).contains("damaged");
        assertThat(over.resumedAfterEpochs()).isZero();
        assertThat(over.result().epochs()).hasSize(3);
    }
}
