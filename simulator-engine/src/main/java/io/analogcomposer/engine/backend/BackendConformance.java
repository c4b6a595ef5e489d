package io.analogcomposer.engine.backend;

import io.analogcomposer.engine.random.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a candidate backend (OpenBLAS; a GPU backend once there is one) against a reference backend on every transpose combination,
 * ragged shapes, offsets, leading dimensions larger than the rows, and {@code beta} 0 (C full of NaN, which must be
 * ignored) and non-zero. Its tests run it on the OpenBLAS backend; a GPU backend, planned but not written (the GPU
 * worker computes on the CPU backend), is to pass it too.
 */
public final class BackendConformance {
    private BackendConformance() {
    }

    /** Shapes {m, n, k} covering tiny, ragged, tall, wide and deep products. */
    public static final List<int[]> SHAPES = List.of(new int[]{1, 1, 1}, new int[]{3, 5, 7},
            new int[]{10, 256, 784}, new int[]{256, 784, 10}, new int[]{37, 45, 300}, new int[]{130, 70, 513},
            new int[]{64, 1100, 33}, new int[]{200, 300, 17});

    /**
     * Runs every case and returns the failures (empty when the candidate conforms); results may differ by at most
     * {@code relTol * (sum of |a*b| terms)} per element.
     */
    public static List<String> check(ComputeBackend candidate, ComputeBackend reference, double relTol) {
        List<String> failures = new ArrayList<>();
        Rng rng = new Rng(2024);
        for (int[] s : SHAPES) {
            int m = s[0], n = s[1], k = s[2];
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                int lda = (ta ? m : k) + 3, ldb = (tb ? k : n) + 1, ldc = n + 2, off = 5;
                float[] a = new float[off + (ta ? k : m) * lda], b = new float[off + (tb ? n : k) * ldb];
                rng.fillUniform(a, 0, a.length, -1f, 1f);
                rng.fillUniform(b, 0, b.length, -1f, 1f);
                for (float beta : new float[]{0f, 0.5f}) {
                    float[] c1 = new float[off + m * ldc], c2;
                    if (beta == 0f) {
                        java.util.Arrays.fill(c1, Float.NaN);
                    } else {
                        rng.fillUniform(c1, 0, c1.length, -1f, 1f);
                    }
                    c2 = c1.clone();
                    candidate.sgemm(ta, tb, m, n, k, 1.25f, a, off, lda, b, off, ldb, beta, c1, off, ldc);
                    reference.sgemm(ta, tb, m, n, k, 1.25f, a, off, lda, b, off, ldb, beta, c2, off, ldc);
                    double tol = relTol * (k + 1) * 1.25;
                    outer : for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            int idx = off + i * ldc + j;
                            if (!(Math.abs(c1[idx] - c2[idx]) <= tol)) {
                                failures.add(candidate.name() + " vs " + reference.name() + ": m=" + m + " n=" + n
                                        + " k=" + k + " transA=" + ta + " transB=" + tb + " beta=" + beta + " at (" + i
                                        + ", " + j + "): " + c1[idx] + " vs " + c2[idx]);
                                break outer;
                            }
                        }
                    }
                }
            }
        }
        return failures;
    }
}
