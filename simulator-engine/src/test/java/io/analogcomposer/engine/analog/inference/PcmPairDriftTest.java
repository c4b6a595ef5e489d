package io.analogcomposer.engine.analog.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.engine.analog.util.Chunks;
import io.analogcomposer.engine.random.Rng;
import org.junit.jupiter.api.Test;

/**
 * The PCM model's fused single-pair drift ({@link PcmLikeNoiseModel#driftWeights}, one device per weight) gives the
 * per-device path's weights bit for bit, over several chunks, at t = 0 (read noise only) and after drift, with zero,
 * negative zero, tiny and clipped weights, and falls back to the per-device path where g_min is not zero.
 */
class PcmPairDriftTest {
    // more than one chunk, a partial last chunk, a length that is not a multiple of the vector length
    private static final int N = Chunks.SIZE + 2601;

    private static float[] weights() {
        float[] w = new float[N];
        Rng r = new Rng(11);
        for (int i = 0; i < N; i++) {
            w[i] = (float) r.nextGaussian();
        }
        w[0] = 0f;
        w[1] = -0f;
        w[2] = 1e-30f;
        w[3] = -1e-30f;
        w[7] = 5f; // the largest |w|: maps to g_max
        w[N - 1] = -5f;
        return w;
    }

    private static void assertSameBits(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.length; i++) {
            assertThat(Float.floatToRawIntBits(a[i])).as("weight %d: %s vs %s", i, a[i], b[i])
                    .isEqualTo(Float.floatToRawIntBits(b[i]));
        }
    }

    @Test
    void fusedPairDriftEqualsThePerDevicePath() {
        PcmLikeNoiseModel model = PcmLikeNoiseModel.DEFAULT;
        NoiseModel.Programmed p = model.programWeights(weights(), N, new Rng(3));
        int nonzero = 0;
        for (double t : new double[]{0, 1, 3600, 86400, 3.15e7}) {
            float[] fused = model.driftWeights(p, t, new Rng(21));
            float[] plain = NoiseModel.driftWeightsPerDevice(model, p, t, new Rng(21));
            assertSameBits(fused, plain);
            for (float v : fused) {
                nonzero += v != 0f ? 1 : 0;
            }
        }
        assertThat(nonzero).as("the drifted weights are not all zero").isGreaterThan(4 * N);
    }

    private static void assertSameProgramming(NoiseModel.Programmed a, NoiseModel.Programmed b) {
        assertSameBits(a.weights(), b.weights());
        assertThat(a.driftParameters().length).isEqualTo(b.driftParameters().length);
        for (int k = 0; k < a.driftParameters().length; k++) {
            assertSameBits(a.driftParameters()[k], b.driftParameters()[k]);
        }
    }

    @Test
    void fusedPairProgrammingEqualsThePerDevicePath() {
        PcmLikeNoiseModel model = PcmLikeNoiseModel.DEFAULT;
        float[] w = weights();
        NoiseModel.Programmed fused = model.programWeights(w, N, new Rng(3));
        assertSameProgramming(fused, NoiseModel.programWeightsPerDevice(model, w, N, new Rng(3)));
        // every device got an exponent, the zero targets' from the 1e-7 floor (mean 0.1 there, at least 0.049 live)
        for (float[] nu : fused.driftParameters()) {
            for (float v : nu) {
                assertThat(v).isGreaterThanOrEqualTo(0f).isLessThan(1f);
            }
        }
    }

    @Test
    void scaledModelsAndAnotherGMaxStayExact() {
        PcmLikeNoiseModel scaled = PcmLikeNoiseModel.DEFAULT.withScales(0.5, 2.0, 1.5).withGMax(40);
        assertSameProgramming(scaled.programWeights(weights(), N, new Rng(5)),
                NoiseModel.programWeightsPerDevice(scaled, weights(), N, new Rng(5)));
        PcmLikeNoiseModel model = PcmLikeNoiseModel.DEFAULT.withScales(0.5, 2.0, 1.5).withGMax(40);
        NoiseModel.Programmed p = model.programWeights(weights(), N, new Rng(5));
        assertSameBits(model.driftWeights(p, 86400, new Rng(9)),
                NoiseModel.driftWeightsPerDevice(model, p, 86400, new Rng(9)));
    }

    @Test
    void aNonZeroGMinTakesThePerDevicePath() {
        PcmLikeNoiseModel base = PcmLikeNoiseModel.DEFAULT;
        PcmLikeNoiseModel model = new PcmLikeNoiseModel(new SinglePairConverter(25, 2), base.progCoeff(), 25.0,
                base.tRead(), base.t0(), 1, 1, 1);
        NoiseModel.Programmed p = model.programWeights(weights(), N, new Rng(5));
        assertSameBits(model.driftWeights(p, 86400, new Rng(9)),
                NoiseModel.driftWeightsPerDevice(model, p, 86400, new Rng(9)));
    }
}
