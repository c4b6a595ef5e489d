package io.analogcomposer.worker.hardware.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import io.analogcomposer.engine.analog.config.InferenceRpuConfig;
import io.analogcomposer.engine.analog.config.MappingParameters;
import io.analogcomposer.engine.analog.nn.AnalogLinear;
import io.analogcomposer.engine.experiment.ModelBuilder;
import io.analogcomposer.engine.experiment.RunSpec;
import io.analogcomposer.engine.nn.Module;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.spec.experiment.ExperimentKind;
import io.analogcomposer.spec.experiment.ExperimentSpec;
import io.analogcomposer.spec.validation.ValidationResult;
import io.analogcomposer.spec.validation.Validator;
import io.analogcomposer.worker.engine.SpecToEngine;
import io.analogcomposer.worker.hardware.run.ChipMatrices.ChipLayer;

/** The engine's analog layers as chip matrices and back: what the chip measured is what the engine evaluates. */
class ChipMatricesTest {

    @Test
    void theDocumentsAnalogLayersInForwardOrderWithTheirIndexAndClass() throws Exception {
        ValidationResult validation = Validator.standard().validate("""
                {"kind": "hardware_inference", "seed": 4, "dataset": {"name": "synthetic", "synthetic_classes": 10},
                 "network": {"input_shape": [1, 8, 8], "layers": [
                   {"type": "analog_conv2d", "out_channels": 4, "kernel_size": 3}, {"type": "relu"},
                   {"type": "flatten"}, {"type": "linear", "out_features": 20}, {"type": "relu"},
                   {"type": "analog_linear", "out_features": 10}, {"type": "log_softmax"}]},
                 "training": {"epochs": 1}, "inference": {"t_inference": [0]}}""");
        assertThat(validation.errors()).isEmpty();
        ExperimentSpec spec = validation.resolved();
        ExperimentSpec asInference = new ExperimentSpec(spec.schemaVersion(), ExperimentKind.INFERENCE, spec.name(),
                spec.seed(), spec.dataset(), spec.network(), spec.preset(), spec.rpuConfig(), spec.training(),
                spec.inference(), spec.backend(), spec.costModel());
        RunSpec run = SpecToEngine.runSpec(asInference);
        Module model = ModelBuilder.build(run.network(), run.seed(), null);
        List<ChipLayer> layers = ChipMatrices.of(model, spec.network().layers());

        assertThat(layers).extracting(ChipLayer::documentIndex).containsExactly(0, 5);
        assertThat(layers).extracting(ChipLayer::name).containsExactly("0", "5");
        assertThat(layers).extracting(ChipLayer::className).containsExactly("AnalogConv2d", "AnalogLinear");
        // conv: 4 outputs × (1 channel · 3 · 3); linear: 10 × 20 (digital biases)
        assertThat(layers.get(0).shape()).satisfies(s -> {
            assertThat(s.rows()).isEqualTo(4);
            assertThat(s.columns()).isEqualTo(9);
        });
        assertThat(layers.get(1).shape().columns()).isEqualTo(20);
        assertThat(layers.get(1).matrix()).containsExactly(layers.get(1).analog().logicalWeights());
    }

    /** A 20 → 10 analog linear layer with weight scaling, its bias digital or an analog column. */
    private static ChipLayer linear(boolean digitalBias) {
        InferenceRpuConfig config = InferenceRpuConfig.DEFAULT
                .withMapping(new MappingParameters(digitalBias, 0.6, true, false, false, 512, 512));
        return new ChipLayer(3, "analog_linear", new AnalogLinear(20, 10, true, config, new Rng(5)));
    }

    @Test
    void anAnalogBiasIsOneMoreColumnOfTheMatrix() {
        ChipLayer layer = linear(false);
        assertThat(layer.shape().columns()).isEqualTo(21);
        float[] matrix = layer.matrix();
        float[] logical = layer.analog().logicalWeights();
        float[] bias = layer.analog().bias().value().toArray();
        for (int o = 0; o < 10; o++) {
            for (int i = 0; i < 20; i++) {
                assertThat(matrix[o * 21 + i]).isEqualTo(logical[o * 20 + i]);
            }
            assertThat(matrix[o * 21 + 20]).isEqualTo(bias[o]);
        }
        assertThat(linear(true).shape().columns()).isEqualTo(20);
    }

    @Test
    void measuredMatricesBecomeTheLayersWeightsWithoutTheEnginesOwnProgramming() {
        for (boolean digitalBias : new boolean[]{false, true}) {
            ChipLayer layer = linear(digitalBias);
            float[] before = layer.analog().bias().value().toArray();
            float[] measured = layer.matrix();
            SplittableRandom random = new SplittableRandom(9);
            for (int i = 0; i < measured.length; i++) {
                measured[i] *= (float) (1 + 0.2 * random.nextGaussian());
            }
            layer.apply(measured);
            int columns = layer.shape().columns();
            float[] logical = layer.analog().logicalWeights();
            float[] bias = layer.analog().bias().value().toArray();
            for (int o = 0; o < 10; o++) {
                for (int i = 0; i < 20; i++) {
                    // weight scaling renormalises the stored weights; the logical product is what was measured
                    float expected = measured[o * columns + i];
                    assertThat(logical[o * 20 + i]).isCloseTo(expected,
                            Offset.offset(1e-6f + 1e-5f * Math.abs(expected)));
                }
                assertThat(bias[o]).as("bias (digital %s)", digitalBias)
                        .isEqualTo(digitalBias ? before[o] : measured[o * columns + 20]);
            }
            assertThat(layer.analog().tileArray().isProgrammed()).isFalse();
        }
    }
}
