package io.analogcomposer.engine.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The transformer encoder's digital pieces: gradients against central finite differences, and the attention and
 * layer norm against their equations by hand.
 */
class AttentionLayersTest {

    @Test
    void attentionGradientsMatchFiniteDifferences() {
        GradCheck.check(MultiheadAttention.digital(6, 2, true, new Rng(1)), GradCheck.randomInput(2, 3, 4, 6), 1e-2,
                2e-2, 40);
        GradCheck.check(MultiheadAttention.digital(4, 1, false, new Rng(3)), GradCheck.randomInput(4, 2, 5, 4), 1e-2,
                2e-2, 40);
    }

    @Test
    void layerNormPositionEmbeddingTokenMeanAndTokenLinearGradientsMatchFiniteDifferences() {
        LayerNorm norm = new LayerNorm(5, 1e-5, true);
        // non-trivial scale and shift, so their gradients and the input gradient's weighting are exercised
        new Rng(5).fillUniform(norm.parameters().get(0).value().data(), 0, 5, 0.5f, 1.5f);
        new Rng(6).fillUniform(norm.parameters().get(1).value().data(), 0, 5, -0.5f, 0.5f);
        GradCheck.check(norm, GradCheck.randomInput(7, 2, 3, 5), 1e-2, 2e-2, 40);
        GradCheck.check(new LayerNorm(4, 1e-5, false), GradCheck.randomInput(8, 3, 4), 1e-2, 2e-2, 40);
        GradCheck.check(new PositionEmbedding(3, 4, new Rng(9)), GradCheck.randomInput(10, 2, 3, 4), 1e-2, 2e-2, 40);
        GradCheck.check(new TokenMean(), GradCheck.randomInput(11, 2, 3, 4), 1e-2, 2e-2, 40);
        GradCheck.check(TokenLinear.digital(4, 3, true, new Rng(12)), GradCheck.randomInput(13, 2, 3, 4), 1e-2, 2e-2,
                40);
    }

    @Test
    void encoderBlockGradientsMatchFiniteDifferences() {
        EncoderBlock block = EncoderBlock.digital(4, 2, 6, new Rng(14));
        GradCheck.check(block, GradCheck.randomInput(15, 2, 3, 4), 1e-3, 3e-2, 60);
        assertThat(block.parameters()).hasSize(4 * 2 + 2 + 2 + 2 + 2);
        assertThat(block.state()).containsKeys("attention.q.weight_q", "norm1.weight", "up.weight", "down.bias",
                "norm2.bias");
    }

    /** One head, two tokens: softmax over the scaled scores, then the weighted values, by hand. */
    @Test
    void attentionFollowsTheScaledDotProductEquations() {
        MultiheadAttention a = MultiheadAttention.digital(2, 1, true, new Rng(16));
        float[][] w = new float[4][];
        float[][] b = new float[4][];
        for (int i = 0; i < 4; i++) {
            DenseStepMatrix m = (DenseStepMatrix) a.stepMatrices().get(i);
            new Rng(20 + i).fillUniform(m.bias().value().data(), 0, 2, -0.3f, 0.3f);
            w[i] = m.weight().value().data();
            b[i] = m.bias().value().data();
        }
        float[] x = {0.4f, -0.7f, 1.1f, 0.2f};
        double[][][] proj = new double[3][2][2];
        for (int p = 0; p < 3; p++) {
            for (int t = 0; t < 2; t++) {
                for (int o = 0; o < 2; o++) {
                    proj[p][t][o] = w[p][2 * o] * x[2 * t] + w[p][2 * o + 1] * x[2 * t + 1] + b[p][o];
                }
            }
        }
        Tensor y = a.forward(Tensor.of(x, 1, 2, 2));
        for (int t = 0; t < 2; t++) {
            double[] s = new double[2];
            for (int u = 0; u < 2; u++) {
                s[u] = (proj[0][t][0] * proj[1][u][0] + proj[0][t][1] * proj[1][u][1]) / Math.sqrt(2);
            }
            double p0 = 1 / (1 + Math.exp(s[1] - s[0]));
            double[] mixed = new double[2];
            for (int i = 0; i < 2; i++) {
                mixed[i] = p0 * proj[2][0][i] + (1 - p0) * proj[2][1][i];
            }
            for (int o = 0; o < 2; o++) {
                double expect = w[3][2 * o] * mixed[0] + w[3][2 * o + 1] * mixed[1] + b[3][o];
                assertThat((double) y.data()[2 * t + o]).isCloseTo(expect, offset(1e-5));
            }
        }
    }

    @Test
    void theLayerSpecsBuildTheEncoderAndRefuseBadSettingsByName() {
        io.analogcomposer.engine.experiment.NetworkSpec net = new io.analogcomposer.engine.experiment.NetworkSpec(
                java.util.List.of(16, 49), java.util.List.of(
                        io.analogcomposer.engine.experiment.LayerSpec.of("linear", "out_features", 8),
                        io.analogcomposer.engine.experiment.LayerSpec.of("position_embedding"),
                        io.analogcomposer.engine.experiment.LayerSpec.of("encoder_block", "num_heads", 2,
                                "dim_feedforward", 16),
                        io.analogcomposer.engine.experiment.LayerSpec.of("layer_norm"),
                        io.analogcomposer.engine.experiment.LayerSpec.of("token_mean"),
                        io.analogcomposer.engine.experiment.LayerSpec.of("linear", "out_features", 10)));
        Sequential model = io.analogcomposer.engine.experiment.ModelBuilder.build(net, 1, null);
        assertThat(model.layers().get(0)).isInstanceOf(TokenLinear.class);
        assertThat(model.outputShape(new int[]{16, 49})).containsExactly(10);
        assertThat(model.forward(GradCheck.randomInput(1, 3, 16, 49)).shape()).containsExactly(3, 10);
        assertThatThrownBy(() -> io.analogcomposer.engine.experiment.ModelBuilder.build(
                new io.analogcomposer.engine.experiment.NetworkSpec(java.util.List.of(16, 10), java.util.List.of(
                        io.analogcomposer.engine.experiment.LayerSpec.of("multihead_attention", "num_heads", 4))),
                1, null)).hasMessageContaining("num_heads 4 must divide the embedding size 10");
        assertThatThrownBy(() -> io.analogcomposer.engine.experiment.ModelBuilder.build(
                new io.analogcomposer.engine.experiment.NetworkSpec(java.util.List.of(1, 28, 28), java.util.List.of(
                        io.analogcomposer.engine.experiment.LayerSpec.of("encoder_block", "num_heads", 1,
                                "dim_feedforward", 4))),
                1, null)).hasMessageContaining("encoder_block cannot take input shape [1, 28, 28]");
    }

    @Test
    void layerNormNormalisesEveryTokenAndShapesAreChecked() {
        LayerNorm norm = new LayerNorm(4, 1e-5, true);
        Tensor y = norm.forward(Tensor.of(new float[]{1, 2, 3, 4, -2, 0, 2, 4}, 1, 2, 4));
        for (int t = 0; t < 2; t++) {
            double mean = 0, sq = 0;
            for (int j = 0; j < 4; j++) {
                mean += y.data()[4 * t + j];
                sq += y.data()[4 * t + j] * y.data()[4 * t + j];
            }
            assertThat(mean / 4).isCloseTo(0, offset(1e-6));
            assertThat(sq / 4).isCloseTo(1, offset(1e-4));
        }
        assertThatThrownBy(() -> MultiheadAttention.digital(6, 4, true, new Rng(1)))
                .hasMessageContaining("num_heads 4 must divide the embedding size 6");
        assertThatThrownBy(() -> MultiheadAttention.digital(6, 2, true, new Rng(1)).outputShape(new int[]{6}))
                .hasMessageContaining("[tokens, 6]");
        assertThat(new TokenMean().outputShape(new int[]{16, 8})).containsExactly(8);
        assertThat(new PositionEmbedding(16, 8, new Rng(1)).outputShape(new int[]{16, 8})).containsExactly(16, 8);
    }
}
