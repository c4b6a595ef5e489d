package io.analogcomposer.engine.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import java.util.stream.Stream;

/** Every GEMM path of every backend agrees with a double-precision reference, and backends agree with each other. */
class GemmTest {
    static Stream<Arguments> shapes() {
        return Stream.of(Arguments.of(1, 1, 1), Arguments.of(3, 5, 7), Arguments.of(10, 256, 784),
                Arguments.of(10, 10, 128), Arguments.of(256, 784, 10), Arguments.of(10, 784, 256),
                Arguments.of(37, 45, 300), Arguments.of(130, 70, 513), Arguments.of(64, 1100, 33),
                Arguments.of(200, 300, 17), Arguments.of(33, 2100, 40));
    }

    static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }

    static double[] reference(boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, int lda, float[] b,
            int ldb, float beta, float[] c, int ldc) {
        double[] out = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double av = ta ? a[p * lda + i] : a[i * lda + p];
                    double bv = tb ? b[j * ldb + p] : b[p * ldb + j];
                    s += av * bv;
                }
                out[i * n + j] = alpha * s + (beta == 0 ? 0 : beta * c[i * ldc + j]);
            }
        }
        return out;
    }

    static void check(ComputeBackend be, int m, int n, int k) {
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
            int lda = (ta ? m : k) + 3, ldb = (tb ? k : n) + 1, ldc = n + 2;
            float[] a = random((ta ? k : m) * lda, 1 + t);
            float[] b = random((tb ? n : k) * ldb, 2 + t);
            for (float beta : new float[]{0f, 0.5f}) {
                float[] c = random(m * ldc, 3 + t);
                if (beta == 0f) {
                    java.util.Arrays.fill(c, Float.NaN); // beta 0 must ignore C
                }
                float alpha = 1.5f;
                double[] ref = reference(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
                be.sgemm(ta, tb, m, n, k, alpha, a, 0, lda, b, 0, ldb, beta, c, 0, ldc);
                double tol = 1e-5 * k + 1e-5;
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double got = c[i * ldc + j];
                        if (Math.abs(got - ref[i * n + j]) > tol) {
                            throw new AssertionError(be + " ta=" + ta + " tb=" + tb + " m=" + m + " n=" + n + " k=" + k
                                    + " beta=" + beta + " at (" + i + "," + j + "): " + got + " vs " + ref[i * n + j]);
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void javaBackendMatchesReferenceOnOneAndTwoThreads(int m, int n, int k) {
        check(new JavaBackend(1), m, n, k);
        check(new JavaBackend(2, 0), m, n, k);
    }

    @Test
    void javaAndBlasAgreeOnALargeProduct() {
        int m = 300, n = 270, k = 500;
        float[] a = random(m * k, 7), b = random(k * n, 8);
        float[] c1 = new float[m * n], c2 = new float[m * n];
        new JavaBackend(2, 0).sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c1, 0, n);
        BlasBackend.create(2).orElseThrow().sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c2, 0, n);
        for (int i = 0; i < c1.length; i++) {
            assertThat(c1[i]).isCloseTo(c2[i], org.assertj.core.data.Offset.offset(2e-4f));
        }
    }

    @Test
    void blasConformsToJavaOnTheSharedConformanceSuite() {
        ComputeBackend blas = BlasBackend.create(2).orElseThrow();
        assertThat(BackendConformance.check(blas, new JavaBackend(1), 1e-6)).isEmpty();
        assertThat(BackendConformance.check(new JavaBackend(2, 0), new JavaBackend(1), 0)).isEmpty();
    }

    @Test
    void conformanceSuiteCatchesAWrongBackend() {
        ComputeBackend broken = new ComputeBackend() {
            final JavaBackend inner = new JavaBackend(1);

            @Override
            public String name() {
                return "broken";
            }

            @Override
            public int threads() {
                return 1;
            }

            @Override
            public void sgemm(boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                    float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
                inner.sgemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
                if (ta && m > 100) {
                    c[cOff] += 0.01f; // a bug that shows only for one transpose and large m
                }
            }
        };
        assertThat(BackendConformance.check(broken, new JavaBackend(1), 1e-6)).isNotEmpty().allMatch(f -> f
                .contains("transA=true"));
    }

    /**
     * An analog tile's fixed weights (wide panels when its outputs split into them) give the packed GEMM's result bit
     * for bit, so a tile's fused and plain rounds agree exactly: full and partial row tiles, one and two depth blocks,
     * B stored either way, beta 0 and 1, strided A and C.
     */
    @Test
    void fixedWeightsMatchThePackedProductBitForBit() {
        for (int[] s : new int[][]{{200, 256, 392}, {197, 128, 600}, {64, 64, 7}, {50, 10, 128}, {31, 96, 300}}) {
            int m = s[0], n = s[1], k = s[2], lda = k + 5, ldc = n + 3;
            for (boolean tb : new boolean[]{true, false}) {
                float[] a = random(m * lda, 21), b = random(k * n, 22);
                int ldb = tb ? k : n;
                for (float beta : new float[]{0f, 1f}) {
                    float[] want = random(m * ldc, 23), got = want.clone();
                    new JavaBackend(1, Long.MAX_VALUE).sgemm(false, tb, m, n, k, 0.75f, a, 0, lda, b, 0, ldb, beta,
                            want, 0, ldc);
                    ComputeBackend.FixedB w = new JavaBackend(1).fixedB(tb, n, k, b, 0, ldb);
                    w.multiply(m, 0.75f, a, 0, lda, beta, got, 0, ldc);
                    float[] packed = random(m * ldc, 23);
                    new JavaGemm.PackedB(tb, n, k, b, 0, ldb).multiply(m, 0.75f, a, 0, lda, beta, packed, 0, ldc);
                    assertThat(got).as("%s tb=%s beta=%s", java.util.Arrays.toString(s), tb, beta)
                            .containsExactly(packed);
                    if (tb && m > 64) { // the plain GEMM takes the packed path too (as for a tile: B transposed)
                        assertThat(got).as("vs sgemm %s tb=%s beta=%s", java.util.Arrays.toString(s), tb, beta)
                                .containsExactly(want);
                    }
                }
            }
        }
    }

    @Test
    void javaResultsAreBitIdenticalForOneAndTwoThreads() {
        for (int[] s : new int[][]{{300, 270, 500}, {10, 256, 784}, {256, 784, 10}, {17, 2000, 64}}) {
            int m = s[0], n = s[1], k = s[2];
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                float[] a = random(m * k, 11), b = random(k * n, 12);
                float[] c1 = new float[m * n], c2 = new float[m * n];
                new JavaBackend(1).sgemm(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, c1, 0, n);
                new JavaBackend(2, 0).sgemm(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, c2, 0, n);
                assertThat(c2).as("ta=%s tb=%s %s", ta, tb, java.util.Arrays.toString(s)).containsExactly(c1);
            }
        }
    }

    @Test
    void badShapesNameTheOperand() {
        assertThatThrownBy(() -> new JavaBackend(1).sgemm(false, false, 4, 4, 4, 1f, new float[15], 0, 4, new float[16],
                0, 4, 0f, new float[16], 0, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GEMM A is 4x4");
    }
}
