package io.analogcomposer.engine.backend;

import io.analogcomposer.engine.tensor.Parallel;

/**
 * The default backend: pure Java, SIMD through the Vector API, multi-threaded on the engine's shared pool. Results are
 * bit-identical for any thread count (see {@link JavaGemm}).
 */
public final class JavaBackend implements ComputeBackend {
    /**
     * Below this many floating-point operations a GEMM runs on one thread: waking a pool thread costs more than a small
     * training-step product (a 3FC layer on a batch of 10 is about 4 MFLOP).
     */
    public static final long DEFAULT_MIN_PARALLEL_FLOPS = 1L << 23;

    private final int threads;
    private final long minParallelFlops;

    /** A backend using {@code threads} threads (1..cores). */
    public JavaBackend(int threads) {
        this(threads, DEFAULT_MIN_PARALLEL_FLOPS);
    }

    /** A backend with an explicit threading threshold, for benchmarks and tests. */
    public JavaBackend(int threads, long minParallelFlops) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = Math.min(threads, Math.max(Parallel.CORES, 1));
        this.minParallelFlops = minParallelFlops;
    }

    @Override
    public String name() {
        return "java";
    }

    @Override
    public int threads() {
        return threads;
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        ComputeBackend.checkGemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        JavaGemm.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, threads,
                minParallelFlops);
    }

    /**
     * Packs B once and multiplies on the calling thread: same results as sgemm. Output widths that split into
     * four-vector panels (an analog tile's 256 or 128 outputs) use the wider register tile of {@link WidePackedB}.
     */
    @Override
    public FixedB fixedB(boolean transB, int n, int k, float[] b, int bOff, int ldb) {
        ComputeBackend.checkGemm(false, transB, 1, n, k, new float[k], 0, Math.max(k, 1), b, bOff, ldb, new float[n], 0,
                Math.max(n, 1));
        if (WidePackedB.fits(n)) {
            return new WidePackedB(transB, n, k, b, bOff, ldb);
        }
        return new JavaGemm.PackedB(transB, n, k, b, bOff, ldb);
    }

    @Override
    public String toString() {
        return "JavaBackend[threads=" + threads + ", vector=" + JavaGemm.S + "]";
    }
}
