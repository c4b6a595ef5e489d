package io.analogcomposer.engine.bench;

import io.analogcomposer.engine.backend.ComputeBackend;
import java.util.SplittableRandom;

/** Measures sgemm throughput of a backend on square matrices. */
public final class GemmBench {
    private GemmBench() {
    }

    /** Best GFLOPS over {@code reps} timed runs of an n x n x n product after warm-up (wall clock). */
    public static double gflops(ComputeBackend backend, int n, int reps) {
        return measure(backend, n, reps)[0];
    }

    /**
     * {wall-clock GFLOPS, calling-thread CPU-time GFLOPS}, best of {@code reps}; the second is meaningful for
     * single-threaded Java runs only (all work on the calling thread), and is immune to other processes' load.
     */
    public static double[] measure(ComputeBackend backend, int n, int reps) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        SplittableRandom r = new SplittableRandom(1);
        float[] a = new float[n * n], b = new float[n * n], c = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextDouble();
            b[i] = (float) r.nextDouble();
        }
        for (int i = 0; i < 3; i++) {
            backend.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
        }
        long best = Long.MAX_VALUE, bestCpu = Long.MAX_VALUE;
        for (int i = 0; i < reps; i++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            backend.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
            best = Math.min(best, System.nanoTime() - t0);
            bestCpu = Math.min(bestCpu, mx.getCurrentThreadCpuTime() - c0);
        }
        double flops = 2.0 * n * n * n;
        return new double[]{flops / best, flops / Math.max(1, bestCpu)};
    }
}
