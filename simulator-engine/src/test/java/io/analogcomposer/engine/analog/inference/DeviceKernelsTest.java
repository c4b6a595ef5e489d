package io.analogcomposer.engine.analog.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.engine.analog.util.VectorGaussian;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.FastMath;
import org.junit.jupiter.api.Test;

/**
 * The vectorized PCM device kernels compute, element for element and bit for bit, their float32 formulas with the
 * normals of one {@link VectorGaussian} fill keyed by one draw of the range's generator (vector body and scalar tail
 * alike), and agree with the double-precision formulas to float accuracy.
 */
class DeviceKernelsTest {
    // not a multiple of the vector length, and over two of the kernels' blocks of 1,024 devices
    private static final int FROM = 3, TO = 3 + 2601;

    private static float[] targets() {
        float[] g = new float[TO + 2];
        Rng r = new Rng(4);
        for (int i = 0; i < g.length; i++) {
            g[i] = i % 10 == 0 ? 0f : 25f * r.nextFloat();
        }
        return g;
    }

    private static float[] normals(long seed) {
        float[] z = new float[TO - FROM];
        VectorGaussian.fill(new Rng(seed).nextLong(), z, 0, z.length);
        return z;
    }

    @Test
    void programmingNoiseIsThePolynomialTimesTheKeyedNormals() {
        float[] gT = targets(), gP = new float[gT.length];
        double[] c = PcmLikeNoiseModel.DEFAULT_PROG_COEFF;
        DeviceKernels.polynomialProgramming(c, 25, 1.0, 1.0, gT, gP, FROM, TO, new Rng(8));
        float[] z = normals(8);
        for (int i = FROM; i < TO; i++) {
            float r = gT[i] / 25f;
            float sig = Math.fma(Math.fma((float) c[2], r, (float) c[1]), r, (float) c[0]) * 1f * 1f;
            assertThat(gP[i]).as("device %d", i).isEqualTo(Math.max(Math.fma(sig, z[i - FROM], gT[i]), 0f));
            double exact = Math.max(0, gT[i] + NoiseModel.poly(c, gT[i] / 25.0) * z[i - FROM]);
            assertThat((double) gP[i]).isCloseTo(exact, org.assertj.core.data.Offset.offset(1e-5 * (1 + exact)));
        }
        assertThat(gP[0]).isZero();
        assertThat(gP[TO]).isZero();
    }

    @Test
    void driftExponentsAndDriftFollowTheirFormulas() {
        float[] gT = targets(), nu = new float[gT.length], out = new float[gT.length];
        DeviceKernels.pcmDriftExponents(25, 1.0, gT, nu, FROM, TO, new Rng(9));
        float[] z = normals(9);
        for (int i = FROM; i < TO; i++) {
            float lr = FastMath.log(Math.max(Math.abs(gT[i] / 25f), 1e-7f));
            float mu = Math.min(Math.max(lr * -0.0155f + 0.0244f, 0.049f), 0.1f);
            float sd = Math.min(Math.max(lr * -0.0125f - 0.0059f, 0.008f), 0.045f);
            assertThat(nu[i]).as("device %d", i).isEqualTo(Math.abs(Math.fma(sd, z[i - FROM], mu)));
            double lrd = Math.log(Math.max(Math.abs(gT[i] / 25.0), 1e-7));
            double exact = Math.abs(NoiseModel.clip(-0.0155 * lrd + 0.0244, 0.049, 0.1)
                    + NoiseModel.clip(-0.0125 * lrd - 0.0059, 0.008, 0.045) * z[i - FROM]);
            assertThat((double) nu[i]).isCloseTo(exact, org.assertj.core.data.Offset.offset(1e-6));
        }
        double logRatio = Math.log((86400 + 20.0) / 20.0), noise = 0.8;
        DeviceKernels.pcmDrift(gT, nu, true, logRatio, noise, 25, out, FROM, TO, new Rng(10));
        z = normals(10);
        for (int i = FROM; i < TO; i++) {
            double g = gT[i], gd = g * Math.exp(-nu[i] * logRatio);
            double q = Math.min(0.2, 0.0088 / Math.max(1e-3, Math.pow(Math.abs(g) / 25, 0.65)));
            double exact = Math.max(0, gd + Math.abs(gd) * noise * q * z[i - FROM]);
            assertThat((double) out[i]).as("device %d", i)
                    .isCloseTo(exact, org.assertj.core.data.Offset.offset(2e-6 * (1 + exact)));
        }
        float[] again = new float[gT.length];
        DeviceKernels.pcmDrift(gT, nu, true, logRatio, noise, 25, again, FROM, TO, new Rng(10));
        assertThat(again).containsExactly(out);
    }
}
