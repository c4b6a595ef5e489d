package io.analogcomposer.engine.analog.hwa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.analogcomposer.engine.analog.config.WeightClipParameters;
import io.analogcomposer.engine.analog.config.WeightModifierParameters;
import io.analogcomposer.engine.analog.config.WeightModifierType;
import io.analogcomposer.engine.random.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeightModifierTest {
    static final int N = 40_000;

    static float[] weights() {
        float[] w = new float[N];
        new Rng(1).fillUniform(w, 0, N, -0.5f, 0.5f);
        w[0] = 0.8f; // amax
        return w;
    }

    @Test
    void addNormalNoiseHasStdDevTimesTheTileMax() {
        float[] w = weights(), d = new float[N];
        WeightModifier.apply(WeightModifierParameters.addNormal(0.1), w, d, N, new Rng(2));
        double s = 0, s2 = 0;
        for (int i = 0; i < N; i++) {
            double e = d[i] - w[i];
            s += e;
            s2 += e * e;
        }
        double std = Math.sqrt(s2 / N - (s / N) * (s / N));
        assertThat(std).isCloseTo(0.08, offset(4 * 0.08 / Math.sqrt(2.0 * N)));
        assertThat(Math.abs(s / N)).isLessThan(4 * 0.08 / Math.sqrt(N));
    }

    @Test
    void aLayerSplitOverTilesIsPerturbedRelativeToEachTilesOwnMax() {
        // 200 x 400 weights on two tiles of 200 inputs each; the left tile's weights are 10x the right one's
        int rows = 200, cols = 400;
        float[] w = new float[rows * cols], d = new float[rows * cols];
        Rng rng = new Rng(7);
        for (int o = 0; o < rows; o++) {
            for (int i = 0; i < cols; i++) {
                w[o * cols + i] = (float) (rng.nextDouble() - 0.5) * (i < 200 ? 2f : 0.2f);
            }
        }
        w[0] = 1f; // left max 1.0
        w[200] = 0.1f; // right max 0.1
        WeightModifier.apply(WeightModifierParameters.addNormal(0.1), w, d, rows, cols, new int[]{0, rows},
                new int[]{0, 200, 400}, new Rng(8));
        double[] s2 = new double[2];
        for (int o = 0; o < rows; o++) {
            for (int i = 0; i < cols; i++) {
                double e = d[o * cols + i] - w[o * cols + i];
                s2[i < 200 ? 0 : 1] += e * e;
            }
        }
        int n = rows * 200;
        double left = Math.sqrt(s2[0] / n), right = Math.sqrt(s2[1] / n);
        // each tile: std 0.1 x its own max (with the layer's max the right tile would get 0.1, ten times too much)
        assertThat(left).isCloseTo(0.1, offset(4 * 0.1 / Math.sqrt(2.0 * n)));
        assertThat(right).isCloseTo(0.01, offset(4 * 0.01 / Math.sqrt(2.0 * n)));
    }

    @Test
    void discretizeRoundsToTheGridOfTheTileMax() {
        float[] w = weights(), d = new float[N];
        WeightModifierParameters p = new WeightModifierParameters(WeightModifierType.DISCRETIZE, 0, false, 0.25,
                false, 0, false, true, 1, List.of(), 25);
        WeightModifier.apply(p, w, d, N, new Rng(3));
        for (int i = 0; i < N; i++) {
            double q = d[i] / (0.8 * 0.25);
            assertThat(q).isCloseTo(Math.rint(q), offset(1e-4));
            assertThat((double) Math.abs(d[i] - w[i])).isLessThanOrEqualTo(0.8 * 0.125 + 1e-6);
        }
    }

    @Test
    void progNoiseKeepsTheSignAndDropConnectDropsTheRequestedFraction() {
        float[] w = weights(), d = new float[N];
        WeightModifierParameters prog = WeightModifierParameters.NONE.with(WeightModifierType.PROG_NOISE, 1.0);
        WeightModifier.apply(prog, w, d, N, new Rng(4));
        for (int i = 0; i < N; i++) {
            assertThat(d[i] * w[i]).isGreaterThanOrEqualTo(0f);
        }
        WeightModifierParameters drop = new WeightModifierParameters(WeightModifierType.DROP_CONNECT, 0, false, 0,
                false, 0.3, false, true, 1, List.of(), 25);
        WeightModifier.apply(drop, w, d, N, new Rng(5));
        int zeros = 0;
        for (float v : d) {
            zeros += v == 0f ? 1 : 0;
        }
        assertThat((double) zeros / N).isCloseTo(0.3, offset(4 * Math.sqrt(0.21 / N)));
    }

    @Test
    void layerGaussianClipBoundsAtSigmaTimesTheStd() {
        float[] w = weights();
        WeightClipper.clip(new WeightClipParameters(WeightClipParameters.Type.LAYER_GAUSSIAN, 1, 1.0), w, N);
        double max = 0;
        for (float v : w) {
            max = Math.max(max, Math.abs(v));
        }
        // the std of U(-0.5, 0.5) is 0.2887
        assertThat(max).isCloseTo(0.2887, offset(0.01));
    }
}
