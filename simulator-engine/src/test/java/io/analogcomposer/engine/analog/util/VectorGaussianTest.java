package io.analogcomposer.engine.analog.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The vectorized normal generator: bit-identical to its scalar reference, a value depends on the key and its index
 * only, and the samples have the moments, quantiles and tails of a standard normal with no correlation between
 * neighbours or between the two values of one Box–Muller pair.
 */
class VectorGaussianTest {
    @Test
    void vectorPathEqualsTheScalarReferenceBitForBit() {
        for (int len : new int[]{1, 7, 16, 31, 32, 33, 100, 1000, 4099}) {
            float[] v = new float[len + 5], s = new float[len + 5];
            VectorGaussian.fill(1234L + len, v, 3, len);
            VectorGaussian.fillScalar(1234L + len, s, 3, len);
            for (int i = 0; i < v.length; i++) {
                assertThat(Float.floatToRawIntBits(v[i])).as("len %d element %d", len, i)
                        .isEqualTo(Float.floatToRawIntBits(s[i]));
            }
            // the fill stays inside its range
            assertThat(v[0]).isZero();
            assertThat(v[len + 3]).isZero();
        }
    }

    @Test
    void aValueDependsOnTheKeyAndItsIndexOnly() {
        float[] shortFill = new float[77], longFill = new float[5000], again = new float[5000], other = new float[77];
        VectorGaussian.fill(9L, shortFill, 0, 77);
        VectorGaussian.fill(9L, longFill, 0, 5000);
        VectorGaussian.fill(9L, again, 0, 5000);
        VectorGaussian.fill(10L, other, 0, 77);
        assertThat(java.util.Arrays.copyOf(longFill, 77)).containsExactly(shortFill);
        assertThat(again).containsExactly(longFill);
        int same = 0;
        for (int i = 0; i < 77; i++) {
            same += other[i] == shortFill[i] ? 1 : 0;
        }
        assertThat(same).as("values shared by two keys").isLessThan(3);
    }

    @Test
    void samplesHaveStandardNormalMomentsQuantilesAndTails() {
        int n = 4_000_000;
        float[] z = new float[n];
        // several keys, as the forward pass uses one key per block of rows
        for (int k = 0; k < 40; k++) {
            VectorGaussian.fill(0xC0FFEEL + k, z, k * (n / 40), n / 40);
        }
        double s = 0, s2 = 0, s3 = 0, s4 = 0, lag1 = 0, pair = 0;
        double[] q = {-2.326348, -1.644854, -1.0, -0.5, 0.0, 0.5, 1.0, 1.644854, 2.326348};
        double[] p = {0.01, 0.05, 0.158655, 0.308538, 0.5, 0.691462, 0.841345, 0.95, 0.99};
        long[] below = new long[q.length];
        long beyond3 = 0, beyond4 = 0, beyond45 = 0;
        for (int i = 0; i < n; i++) {
            double x = z[i];
            s += x;
            s2 += x * x;
            s3 += x * x * x;
            s4 += x * x * x * x;
            for (int j = 0; j < q.length; j++) {
                below[j] += x < q[j] ? 1 : 0;
            }
            double a = Math.abs(x);
            beyond3 += a > 3 ? 1 : 0;
            beyond4 += a > 4 ? 1 : 0;
            beyond45 += a > 4.5 ? 1 : 0;
            if (i + 1 < n) {
                lag1 += x * z[i + 1];
            }
            if (i % VectorGaussian.STEP < VectorGaussian.LANES && i + VectorGaussian.LANES < n) {
                pair += x * z[i + VectorGaussian.LANES]; // the two outputs of one Box–Muller pair
            }
        }
        double mean = s / n, var = s2 / n - mean * mean;
        assertThat(Math.abs(mean)).isLessThan(5 / Math.sqrt(n));
        assertThat(Math.abs(var - 1)).isLessThan(5 * Math.sqrt(2.0 / n));
        assertThat(Math.abs(s3 / n)).isLessThan(5 * Math.sqrt(15.0 / n));
        assertThat(Math.abs(s4 / n - 3)).isLessThan(5 * Math.sqrt(96.0 / n));
        assertThat(Math.abs(lag1 / n)).isLessThan(5 / Math.sqrt(n));
        assertThat(Math.abs(pair / (n / 2.0))).isLessThan(5 / Math.sqrt(n / 2.0));
        for (int j = 0; j < q.length; j++) {
            double se = Math.sqrt(p[j] * (1 - p[j]) / n);
            assertThat(Math.abs((double) below[j] / n - p[j])).as("P(z < %s)", q[j]).isLessThan(5 * se);
        }
        double p3 = 2.69979606e-3, p4 = 6.33424837e-5, p45 = 6.79535e-6;
        assertThat(Math.abs(beyond3 - n * p3)).isLessThan(5 * Math.sqrt(n * p3));
        assertThat(Math.abs(beyond4 - n * p4)).isLessThan(5 * Math.sqrt(n * p4));
        assertThat(Math.abs(beyond45 - n * p45)).isLessThan(5 * Math.sqrt(n * p45) + 1);
    }

    @Test
    void aStreamDrawnRowByRowGivesTheValuesOfOneFill() {
        // the analog ADC draws a block's output noise one row of 256 at a time, then a short last piece
        float[] whole = new float[64 * 256 + 10];
        VectorGaussian.fill(99L, whole, 0, whole.length);
        VectorGaussian.Stream stream = new VectorGaussian.Stream(99L);
        float[] pieces = new float[whole.length];
        for (int r = 0; r < 64; r++) {
            stream.fill(pieces, r * 256, 256);
        }
        stream.fill(pieces, 64 * 256, 10);
        assertThat(pieces).containsExactly(whole);
        assertThatThrownBy(() -> stream.fill(pieces, 0, 32))
                .isInstanceOf(IllegalStateException.class);
    }
}
