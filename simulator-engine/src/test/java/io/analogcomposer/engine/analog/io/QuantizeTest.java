package io.analogcomposer.engine.analog.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.engine.random.Rng;
import org.junit.jupiter.api.Test;

/** The vectorized DAC/ADC rounding must be bit-identical to the scalar rint code, ties and huge values included. */
class QuantizeTest {
    @Test
    void vectorRoundingEqualsScalarRintIncludingTiesAndLargeQuotients() {
        int n = 10_007;
        float[] x = new float[n];
        Rng r = new Rng(3);
        float step = 1f / 63;
        for (int i = 0; i < n; i++) {
            x[i] = switch (i % 4) {
                case 0 -> (r.nextFloat() * 2 - 1) * 1.2f;
                case 1 -> (Math.round(r.nextFloat() * 200) + 0.5f) * step; // near half-step ties
                case 2 -> (r.nextFloat() - 0.5f) * 1e6f; // quotients beyond 2^22
                default -> (i % 8 == 3 ? 2.5f : -3.5f) * step;
            };
        }
        float[] v = new float[n];
        Quantize.scaleRoundClip(x, 0, 0.9f, step, 1f, v, 0, n);
        for (int i = 0; i < n; i++) {
            float w = x[i] * 0.9f;
            w = (float) Math.rint(w / step) * step;
            w = w > 1f ? 1f : (w < -1f ? -1f : w);
            assertThat(v[i]).as("element " + i + " of " + x[i]).isEqualTo(w);
        }
        float[] a = x.clone();
        int flags = Quantize.roundClip(a, 0, n, step, 1000f);
        assertThat(flags).isEqualTo(3);
        for (int i = 0; i < n; i++) {
            float w = (float) Math.rint(x[i] / step) * step;
            w = w > 1000f ? 1000f : (w < -1000f ? -1000f : w);
            assertThat(a[i]).as("element " + i).isEqualTo(w);
        }
    }

    @Test
    void fusedAdcNoiseStoreAndAbsMaxEqualTheScalarDefinitions() {
        int n = 257; // not a multiple of the vector length
        Rng r = new Rng(5);
        float[] y = new float[n + 3], noise = new float[n + 9], colStd = new float[n], col = new float[n];
        for (int i = 0; i < y.length; i++) {
            y[i] = (r.nextFloat() * 2 - 1) * 14f;
        }
        r.fillNormal(noise, 0, noise.length, 0f, 1f);
        for (int i = 0; i < n; i++) {
            colStd[i] = 0.03f + 0.06f * r.nextFloat();
            col[i] = 0.5f + r.nextFloat();
        }
        float step = 24f / 510, bound = 12f;
        for (float[] sd : new float[][]{null, colStd}) {
            float[] a = y.clone();
            int flags = Quantize.noiseRoundClip(a, 3, n, noise, 9, 0.06f, sd, step, bound);
            int expectFlags = 0;
            for (int i = 0; i < n; i++) {
                float v = noise[9 + i] * (sd != null ? sd[i] : 0.06f) + y[3 + i];
                v = (float) Math.rint(v / step) * step;
                if (v > bound) {
                    expectFlags |= 1;
                    v = bound;
                } else if (v < -bound) {
                    expectFlags |= 2;
                    v = -bound;
                }
                assertThat(a[3 + i]).as("element " + i).isEqualTo(v);
            }
            assertThat(flags).isEqualTo(expectFlags).isEqualTo(3);
        }
        for (boolean acc : new boolean[]{false, true}) {
            for (float[] cs : new float[][]{null, col}) {
                for (float[] bias : new float[][]{null, colStd}) {
                    float[] out = new float[n + 2];
                    java.util.Arrays.fill(out, 0.25f);
                    Quantize.scaleStore(y, 1, 0.7f, cs, bias, out, 2, n, acc);
                    assertThat(out[0]).isEqualTo(0.25f);
                    assertThat(out[1]).isEqualTo(0.25f);
                    for (int i = 0; i < n; i++) {
                        float v = y[1 + i] * 0.7f;
                        v = cs != null ? v * cs[i] : v;
                        v = bias != null ? v + bias[i] : v;
                        assertThat(out[2 + i]).isEqualTo(acc ? 0.25f + v : v);
                    }
                }
            }
        }
        float m = 0;
        for (int i = 2; i < 2 + n; i++) {
            m = Math.max(m, Math.abs(y[i]));
        }
        assertThat(Quantize.absMax(y, 2, n)).isEqualTo(m);
        assertThat(Quantize.absMax(y, 2, 0)).isZero();
    }

    @Test
    void theOneSweepAdcRoundsTiesAndHugeValuesLikeTheTwoPasses() {
        int n = 203;
        float step = 24f / 510, bound = 12f;
        float[] y = new float[n], noise = new float[n], sd = new float[n];
        Rng r = new Rng(9);
        for (int i = 0; i < n; i++) {
            // exact ties, neighbours of ties, and quotients beyond the magic-number range (|q| >= 2^22)
            float k = (float) (r.nextInt(600) - 300);
            y[i] = switch (i % 4) {
                case 0 -> (k + 0.5f) * step;
                case 1 -> Math.nextUp((k + 0.5f) * step);
                case 2 -> (i % 8 == 2 ? 1f : -1f) * 3e5f;
                default -> (r.nextFloat() - 0.5f) * 30f;
            };
            noise[i] = i % 4 < 2 ? 0f : (float) r.nextGaussian();
            sd[i] = 0.01f * (i % 7);
        }
        for (float[] colStd : new float[][]{null, sd}) {
            float[] fused = y.clone(), twoPasses = y.clone();
            int flags = Quantize.noiseRoundClip(fused, 0, n, noise, 0, 0.06f, colStd, step, bound);
            for (int i = 0; i < n; i++) {
                twoPasses[i] = noise[i] * (colStd != null ? colStd[i] : 0.06f) + twoPasses[i];
            }
            int expected = Quantize.roundClip(twoPasses, 0, n, step, bound);
            assertThat(fused).containsExactly(twoPasses);
            assertThat(flags).isEqualTo(expected).isEqualTo(3);
        }
    }

    @Test
    void reciprocalQuotientRoundsLikeTheDivisionNextToTiesForManySteps() {
        int n = 40_000;
        Rng r = new Rng(21);
        for (float step : new float[]{1f / 63, 24f / 510, 2f / 126, 0.1f, 3f, 1e-3f}) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                float tie = ((int) (r.nextFloat() * 4000) - 2000 + 0.5f) * step;
                int ulps = (int) (r.nextFloat() * 9) - 4; // exactly on, or a few ulps beside, a half step
                x[i] = i % 3 == 0 ? (r.nextFloat() * 2 - 1) * 3000 * step : tie + ulps * Math.ulp(tie);
            }
            float[] v = new float[n], a = x.clone();
            Quantize.scaleRoundClip(x, 0, 1f, step, 1e9f, v, 0, n);
            Quantize.roundClip(a, 0, n, step, 1e9f);
            for (int i = 0; i < n; i++) {
                float w = (float) Math.rint(x[i] / step) * step;
                assertThat(v[i]).as("step %s value %s", step, x[i]).isEqualTo(w);
                assertThat(a[i]).as("step %s value %s", step, x[i]).isEqualTo(w);
            }
        }
    }
}
