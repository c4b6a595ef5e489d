package io.analogcomposer.engine.analog.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.analogcomposer.engine.analog.config.DriftCompensation;
import io.analogcomposer.engine.analog.config.InferenceRpuConfig;
import io.analogcomposer.engine.analog.config.Presets;
import io.analogcomposer.engine.analog.io.IOParameters;
import io.analogcomposer.engine.experiment.Checkpoint;
import io.analogcomposer.engine.experiment.LayerSpec;
import io.analogcomposer.engine.experiment.ModelBuilder;
import io.analogcomposer.engine.experiment.NetworkSpec;
import io.analogcomposer.engine.nn.Sequential;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pre-trained weights move between networks in logical units, whatever the target's tile mapping. */
class PretrainedWeightsTest {
    static final InferenceRpuConfig EXACT_WEB = Presets.COMPOSER_WEB.withForward(IOParameters.PERFECT)
            .withDriftCompensation(DriftCompensation.NONE);

    static NetworkSpec small(boolean analog) {
        Map<String, Object> rpu = Map.of("preset", "composer_web");
        return new NetworkSpec(List.of(1, 8, 8), List.of(
                analog
                        ? LayerSpec.of("analog_conv2d", "out_channels", 4, "kernel_size", 3, "rpu_config", rpu)
                        : LayerSpec.of("conv2d", "out_channels", 4, "kernel_size", 3),
                LayerSpec.of("tanh"), LayerSpec.of("flatten"),
                analog
                        ? LayerSpec.of("analog_linear", "out_features", 5, "rpu_config", rpu)
                        : LayerSpec.of("linear", "out_features", 5)));
    }

    @Test
    void weightsOfADigitalModelGiveAnOmegaScaledAnalogModelTheSameFunctionAndComeBackUnchanged(@TempDir Path dir)
            throws Exception {
        AnalogLayerFactories.register();
        Sequential digital = ModelBuilder.build(small(false), 1, null);
        Sequential analog = ModelBuilder.build(small(true), 2, null);
        PretrainedWeights.apply(analog, PretrainedWeights.of(digital));
        AnalogNetworks.analogLayers(analog).forEach(l -> l.setForwardParameters(IOParameters.PERFECT));
        // omega scaling normalized every row: the analog weights differ, the function does not
        AnalogLayer first = AnalogNetworks.analogLayers(analog).get(0);
        assertThat(first.mappingScales().data()[0]).isNotEqualTo(1f);
        Tensor x = Tensor.zeros(3, 1, 8, 8);
        new Rng(3).fillUniform(x.data(), 0, x.size(), 0f, 1f);
        digital.train(false);
        analog.train(false);
        float[] yd = digital.forward(x).toArray(), ya = analog.forward(x).toArray();
        for (int i = 0; i < yd.length; i++) {
            assertThat((double) ya[i]).as("output %d", i).isCloseTo(yd[i], org.assertj.core.data.Offset.offset(1e-5));
        }
        // through our checkpoint format, read back from a stream as a worker reads a shipped resource
        Path file = dir.resolve("a.ckpt");
        Checkpoint.save(file, small(true), analog, Map.of());
        Sequential loaded = Checkpoint.load(new ByteArrayInputStream(Files.readAllBytes(file)), "a.ckpt").model();
        List<TorchCheckpoints.LayerWeights> back = PretrainedWeights.of(loaded), orig = PretrainedWeights.of(digital);
        for (int k = 0; k < orig.size(); k++) {
            float[] a = back.get(k).weights(), b = orig.get(k).weights();
            for (int i = 0; i < a.length; i++) {
                assertThat((double) a[i]).isCloseTo(b[i], org.assertj.core.data.Offset.offset(1e-6));
            }
            assertThat(back.get(k).bias()).containsExactly(orig.get(k).bias());
        }
    }

    @Test
    void anAihwkitStateDictGivesItsAnalogLayersInModuleOrder() throws Exception {
        Path pth = TorchCheckpointsTest.template("lenet5-mapped-layout.pth");
        List<TorchCheckpoints.LayerWeights> w = PretrainedWeights.of(TorchCheckpoints.read(pth));
        assertThat(w).extracting(TorchCheckpoints.LayerWeights::out).containsExactly(16, 32, 128, 10);
        assertThat(w).extracting(TorchCheckpoints.LayerWeights::in).containsExactly(25, 400, 512, 128);
        // the same numbers as the LeNet5 importer puts into its layers
        Sequential lenet = TorchCheckpoints.composerLenet5(pth, EXACT_WEB, new Rng(1));
        float[] expected = AnalogNetworks.analogLayers(lenet).get(2).logicalWeights();
        float[] got = w.get(2).weights();
        for (int i = 0; i < got.length; i += 97) {
            assertThat((double) got[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    @Test
    void aNetworkThatDoesNotFitIsRefusedNamingTheLayerAndBothShapes() {
        AnalogLayerFactories.register();
        Sequential digital = ModelBuilder.build(small(false), 1, null);
        List<TorchCheckpoints.LayerWeights> w = PretrainedWeights.of(digital);
        NetworkSpec wider = new NetworkSpec(List.of(1, 8, 8), List.of(LayerSpec.of("conv2d", "out_channels", 6,
                "kernel_size", 3), LayerSpec.of("tanh"), LayerSpec.of("flatten"),
                LayerSpec.of("linear", "out_features", 5)));
        assertThatThrownBy(() -> PretrainedWeights.apply(ModelBuilder.build(wider, 1, null), w))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weighted layer 1 (conv2d)")
                .hasMessageContaining("6x9").hasMessageContaining("4x9");
        assertThatThrownBy(() -> PretrainedWeights.apply(ModelBuilder.build(wider, 1, null), w.subList(0, 1)))
                .hasMessageContaining("hold 1 weighted layers but the network has 2");
    }
}
