package io.analogcomposer.engine.backend;

import io.analogcomposer.engine.tensor.Parallel;

/**
 * The seam between layers and the hardware that multiplies matrices: layers call these kernels, and a backend (pure
 * Java, BLAS; the GPU worker runs the tensor-engine module instead) decides how. Implementations must agree within float rounding; they are tested against each
 * other.
 */
public interface ComputeBackend {
    /** Short name stamped on results, e.g. {@code java} or {@code openblas}. */
    String name();

    /** Number of threads this backend uses for large kernels. */
    int threads();

    /**
     * Row-major {@code C = alpha * op(A) * op(B) + beta * C} with {@code op(A)} m x k and {@code op(B)} k x n; when
     * {@code beta == 0} the previous contents of C are ignored (may be NaN).
     */
    void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc);

    /**
     * A product {@code C = alpha·A·op(B) + beta·C} whose B ({@code op(B)} k x n) stays the same over many calls, each
     * with its own A ({@code m x k}, row-major, rows {@code lda} apart) and C: an analog tile multiplies its weights
     * with the row chunks of a batch. {@link FixedB#multiply} works on the calling thread and may be called from
     * several threads at once; B must not change while the result is in use.
     */
    default FixedB fixedB(boolean transB, int n, int k, float[] b, int bOff, int ldb) {
        return new FixedB() {
            @Override
            public int n() {
                return n;
            }

            @Override
            public int k() {
                return k;
            }

            @Override
            public void multiply(int m, float alpha, float[] a, int aOff, int lda, float beta, float[] c, int cOff,
                    int ldc) {
                sgemm(false, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            }
        };
    }

    /** The B side of {@link #fixedB}, prepared once. */
    interface FixedB {
        int n();

        int k();

        void multiply(int m, float alpha, float[] a, int aOff, int lda, float beta, float[] c, int cOff, int ldc);
    }

    /**
     * Runs {@code body(from, to)} over {@code [0, n)} split into at most {@link #threads()} ranges; the split never
     * depends on timing, so a body writing disjoint outputs gives the same result with any thread count.
     */
    default void parallelFor(int n, Parallel.RangeBody body) {
        Parallel.forRange(n, threads(), 1, body);
    }

    /** Checks GEMM arguments so a bad call fails with the shapes named instead of an index error deep in a kernel. */
    static void checkGemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda, float[] b,
            int bOff, int ldb, float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("negative GEMM size m=" + m + " n=" + n + " k=" + k);
        }
        if (m == 0 || n == 0) {
            return;
        }
        int aRows = transA ? k : m, aCols = transA ? m : k;
        int bRows = transB ? n : k, bCols = transB ? k : n;
        need("A", aRows, aCols, a, aOff, lda);
        need("B", bRows, bCols, b, bOff, ldb);
        need("C", m, n, c, cOff, ldc);
    }

    private static void need(String which, int rows, int cols, float[] arr, int off, int ld) {
        if (rows == 0 || cols == 0) {
            return;
        }
        if (ld < cols) {
            throw new IllegalArgumentException(
                    "GEMM " + which + " is " + rows + "x" + cols + " but its leading dimension is " + ld);
        }
        long last = (long) off + (long) (rows - 1) * ld + cols;
        if (off < 0 || last > arr.length) {
            throw new IllegalArgumentException("GEMM " + which + " is " + rows + "x" + cols + " (ld " + ld + ", offset "
                    + off + ") but its array holds only " + arr.length + " floats");
        }
    }
}
