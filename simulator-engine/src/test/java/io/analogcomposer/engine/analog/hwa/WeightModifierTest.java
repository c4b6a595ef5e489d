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
