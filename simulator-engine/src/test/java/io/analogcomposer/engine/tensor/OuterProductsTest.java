package io.analogcomposer.engine.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.analogcomposer.engine.backend.JavaBackend;
import io.analogcomposer.engine.random.Rng;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * The analog layers' weight gradient {@code a^T b} over many rows comes from {@link OuterProducts} instead of the
 * backend's GEMM: it must give the GEMM's result bit for bit (the same fused multiply-add chain per element), for the
 * shapes of LeNet5's and VGG8's convolutions and for ragged ones, on one thread and several.
 */
class OuterProductsTest {
    private static final int L = FloatVector.SPECIES_PREFERRED.length();

    @Test
    void equalsTheBackendsTransposedProductBitForBit() {
        int[][] shapes = {{16, 25, 36864 / 8}, {32, 400, 4096 / 4}, {L, 1, 7}, {3 * L, 9, 513}, {2 * L, 17, 256},
                {L, 8, 0}};
        for (int[] sh : shapes) {
            int m = sh[0], n = sh[1], k = sh[2];
            float[] a = random(k * m + 3, 1), b = random(k * n + 5, 2);
            float[] expected = new float[m * n], got = new float[m * n], got2 = new float[m * n];
            new JavaBackend(1).sgemm(true, false, m, n, k, 1f, a, 3, m, b, 5, n, 0f, expected, 0, n);
            java.util.Arrays.fill(got, Float.NaN); // overwritten
            OuterProducts.sumAtB(m, n, k, a, 3, m, b, 5, n, got, 0, n, new float[m * n], 1);
            OuterProducts.sumAtB(m, n, k, a, 3, m, b, 5, n, got2, 0, n, new float[m * n + 7], 3);
            assertThat(got).as("m %d n %d k %d", m, n, k).containsExactly(expected);
            assertThat(got2).as("m %d n %d k %d, 3 threads", m, n, k).containsExactly(expected);
        }
    }

    @Test
    void refusesOutputsThatAreNotWholeVectors() {
        assertThat(OuterProducts.supports(L)).isTrue();
        assertThat(OuterProducts.supports(10)).isEqualTo(10 % L == 0);
        assertThatThrownBy(() -> OuterProducts.sumAtB(L + 1, 2, 2, new float[64], 0, L + 1, new float[64], 0, 2,
                new float[64], 0, 2, new float[64], 1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static float[] random(int n, long seed) {
        float[] a = new float[n];
        new Rng(seed).fillUniform(a, 0, n, -1f, 1f);
        return a;
    }
}
