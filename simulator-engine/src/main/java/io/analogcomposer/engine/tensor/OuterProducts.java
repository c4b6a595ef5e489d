package io.analogcomposer.engine.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The weight gradient of a layer that multiplies rows on a crossbar, {@code G [m, n] = Σ_p a_p ⊗ b_p} for output
 * gradient rows {@code a [k, m]} and input rows {@code b [k, n]}: {@code A^T·B} with a long {@code k} (a convolution's
 * patches of a whole batch, tens of thousands) and a short {@code m} (its output channels).
 *
 * <p>
 * A general GEMM vectorises along {@code n} and streams all {@code k} rows once per group of six {@code m} rows; with
 * patch rows of megabytes that is several passes through memory, and a row width that is not a multiple of its
 * register tile (25 for a 5x5 kernel) made it copy the whole of {@code b} into a padded buffer per call. Here the
 * vectors run along {@code m} (one or two hold all output channels) and the rows are taken in chunks that stay in
 * cache while every column of {@code G} takes them.
 *
 * <p>
 * Each element is the fused multiply-add chain {@code g = fma(a[p,i], b[p,j], g)} over {@code p} in ascending order
 * from zero, carried in memory between chunks (a float store and load are exact): the same operations, so the same
 * bits, as the Java backend's {@code sgemm(true, false, ...)} with {@code alpha = 1, beta = 0}.
 */
public final class OuterProducts {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Rows per chunk: 256 rows of a 400-wide patch (400 kB) and of 32 gradients stay in L2. */
    private static final int CHUNK = 256;
    /** Columns of {@code G} per micro-tile (with two vectors of {@code m}: 16 accumulators). */
    private static final int J = 8;

    private OuterProducts() {
    }

    /** Whether {@link #sumAtB} handles {@code m} columns of {@code a} (whole vectors only). */
    public static boolean supports(int m) {
        return m % L == 0;
    }

    /**
     * {@code g [m, n] = a^T b} for {@code a [k, m]} (row stride {@code lda}) and {@code b [k, n]} (row stride
     * {@code ldb}), {@code g} with row stride {@code ldg}; {@code m} must be a multiple of the vector length
     * ({@link #supports}). {@code work} holds {@code n·m} floats (the transposed sums, reused by the caller).
     */
    public static void sumAtB(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float[] g, int gOff, int ldg, float[] work, int threads) {
        if (!supports(m)) {
            throw new IllegalArgumentException("m = " + m + " is not a multiple of " + L);
        }
        if (work.length < n * m) {
            throw new IllegalArgumentException("work needs " + n * m + " floats, has " + work.length);
        }
        // work holds G^T [n, m]: column j of G is one contiguous run of m sums
        Parallel.forRange(n, threads, J, (j0, j1) -> {
            java.util.Arrays.fill(work, j0 * m, j1 * m, 0f);
            for (int p0 = 0; p0 < k; p0 += CHUNK) {
                int p1 = Math.min(k, p0 + CHUNK);
                for (int i = 0; i < m; i += 2 * L) {
                    boolean two = i + L < m;
                    int j = j0;
                    for (; j + J <= j1; j += J) {
                        if (two) {
                            tile8x2(work, j * m + i, m, a, aOff + i, lda, b, bOff + j, ldb, p0, p1);
                        } else {
                            tile8x1(work, j * m + i, m, a, aOff + i, lda, b, bOff + j, ldb, p0, p1);
                        }
                    }
                    for (; j < j1; j++) {
                        column(work, j * m + i, two, a, aOff + i, lda, b, bOff + j, ldb, p0, p1);
                    }
                }
            }
            for (int j = j0; j < j1; j++) {
                for (int i = 0; i < m; i++) {
                    g[gOff + i * ldg + j] = work[j * m + i];
                }
            }
        });
    }

    /** Eight columns of G^T (at {@code t}, stride {@code m}) by two vectors of m, over rows {@code [p0, p1)}. */
    private static void tile8x2(float[] t, int to, int m, float[] a, int ao, int lda, float[] b, int bo, int ldb,
            int p0, int p1) {
        FloatVector c00 = FloatVector.fromArray(S, t, to), c01 = FloatVector.fromArray(S, t, to + L);
        FloatVector c10 = FloatVector.fromArray(S, t, to + m), c11 = FloatVector.fromArray(S, t, to + m + L);
        FloatVector c20 = FloatVector.fromArray(S, t, to + 2 * m), c21 = FloatVector.fromArray(S, t, to + 2 * m + L);
        FloatVector c30 = FloatVector.fromArray(S, t, to + 3 * m), c31 = FloatVector.fromArray(S, t, to + 3 * m + L);
        FloatVector c40 = FloatVector.fromArray(S, t, to + 4 * m), c41 = FloatVector.fromArray(S, t, to + 4 * m + L);
        FloatVector c50 = FloatVector.fromArray(S, t, to + 5 * m), c51 = FloatVector.fromArray(S, t, to + 5 * m + L);
        FloatVector c60 = FloatVector.fromArray(S, t, to + 6 * m), c61 = FloatVector.fromArray(S, t, to + 6 * m + L);
        FloatVector c70 = FloatVector.fromArray(S, t, to + 7 * m), c71 = FloatVector.fromArray(S, t, to + 7 * m + L);
        for (int p = p0; p < p1; p++) {
            int ai = ao + p * lda, bi = bo + p * ldb;
            FloatVector a0 = FloatVector.fromArray(S, a, ai), a1 = FloatVector.fromArray(S, a, ai + L);
            FloatVector x = FloatVector.broadcast(S, b[bi]);
            c00 = a0.fma(x, c00);
            c01 = a1.fma(x, c01);
            x = FloatVector.broadcast(S, b[bi + 1]);
            c10 = a0.fma(x, c10);
            c11 = a1.fma(x, c11);
            x = FloatVector.broadcast(S, b[bi + 2]);
            c20 = a0.fma(x, c20);
            c21 = a1.fma(x, c21);
            x = FloatVector.broadcast(S, b[bi + 3]);
            c30 = a0.fma(x, c30);
            c31 = a1.fma(x, c31);
            x = FloatVector.broadcast(S, b[bi + 4]);
            c40 = a0.fma(x, c40);
            c41 = a1.fma(x, c41);
            x = FloatVector.broadcast(S, b[bi + 5]);
            c50 = a0.fma(x, c50);
            c51 = a1.fma(x, c51);
            x = FloatVector.broadcast(S, b[bi + 6]);
            c60 = a0.fma(x, c60);
            c61 = a1.fma(x, c61);
            x = FloatVector.broadcast(S, b[bi + 7]);
            c70 = a0.fma(x, c70);
            c71 = a1.fma(x, c71);
        }
        c00.intoArray(t, to);
        c01.intoArray(t, to + L);
        c10.intoArray(t, to + m);
        c11.intoArray(t, to + m + L);
        c20.intoArray(t, to + 2 * m);
        c21.intoArray(t, to + 2 * m + L);
        c30.intoArray(t, to + 3 * m);
        c31.intoArray(t, to + 3 * m + L);
        c40.intoArray(t, to + 4 * m);
        c41.intoArray(t, to + 4 * m + L);
        c50.intoArray(t, to + 5 * m);
        c51.intoArray(t, to + 5 * m + L);
        c60.intoArray(t, to + 6 * m);
        c61.intoArray(t, to + 6 * m + L);
        c70.intoArray(t, to + 7 * m);
        c71.intoArray(t, to + 7 * m + L);
    }

    /** Eight columns of G^T by one vector of m. */
    private static void tile8x1(float[] t, int to, int m, float[] a, int ao, int lda, float[] b, int bo, int ldb,
            int p0, int p1) {
        FloatVector c0 = FloatVector.fromArray(S, t, to), c1 = FloatVector.fromArray(S, t, to + m);
        FloatVector c2 = FloatVector.fromArray(S, t, to + 2 * m), c3 = FloatVector.fromArray(S, t, to + 3 * m);
        FloatVector c4 = FloatVector.fromArray(S, t, to + 4 * m), c5 = FloatVector.fromArray(S, t, to + 5 * m);
        FloatVector c6 = FloatVector.fromArray(S, t, to + 6 * m), c7 = FloatVector.fromArray(S, t, to + 7 * m);
        for (int p = p0; p < p1; p++) {
            int bi = bo + p * ldb;
            FloatVector a0 = FloatVector.fromArray(S, a, ao + p * lda);
            c0 = a0.fma(FloatVector.broadcast(S, b[bi]), c0);
            c1 = a0.fma(FloatVector.broadcast(S, b[bi + 1]), c1);
            c2 = a0.fma(FloatVector.broadcast(S, b[bi + 2]), c2);
            c3 = a0.fma(FloatVector.broadcast(S, b[bi + 3]), c3);
            c4 = a0.fma(FloatVector.broadcast(S, b[bi + 4]), c4);
            c5 = a0.fma(FloatVector.broadcast(S, b[bi + 5]), c5);
            c6 = a0.fma(FloatVector.broadcast(S, b[bi + 6]), c6);
            c7 = a0.fma(FloatVector.broadcast(S, b[bi + 7]), c7);
        }
        c0.intoArray(t, to);
        c1.intoArray(t, to + m);
        c2.intoArray(t, to + 2 * m);
        c3.intoArray(t, to + 3 * m);
        c4.intoArray(t, to + 4 * m);
        c5.intoArray(t, to + 5 * m);
        c6.intoArray(t, to + 6 * m);
        c7.intoArray(t, to + 7 * m);
    }

    /** One column of G^T by one or two vectors of m (the columns left over from the eight-column tiles). */
    private static void column(float[] t, int to, boolean two, float[] a, int ao, int lda, float[] b, int bo,
            int ldb, int p0, int p1) {
        FloatVector c0 = FloatVector.fromArray(S, t, to);
        if (two) {
            FloatVector c1 = FloatVector.fromArray(S, t, to + L);
            for (int p = p0; p < p1; p++) {
                int ai = ao + p * lda;
                FloatVector x = FloatVector.broadcast(S, b[bo + p * ldb]);
                c0 = FloatVector.fromArray(S, a, ai).fma(x, c0);
                c1 = FloatVector.fromArray(S, a, ai + L).fma(x, c1);
            }
            c1.intoArray(t, to + L);
        } else {
            for (int p = p0; p < p1; p++) {
                c0 = FloatVector.fromArray(S, a, ao + p * lda).fma(FloatVector.broadcast(S, b[bo + p * ldb]), c0);
            }
        }
        c0.intoArray(t, to);
    }
}
