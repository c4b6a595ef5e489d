package io.analogcomposer.engine.tensor;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.function.IntConsumer;

/**
 * One compute pool for the whole engine, sized to the machine's cores, so kernels never oversubscribe the CPU. Work
 * is split into a fixed number of tasks decided by the caller (never by timing), which keeps results independent of
 * scheduling.
 */
public final class Parallel {
    /** Cores visible to the JVM: the upper bound for any backend's thread count. */
    public static final int CORES = Runtime.getRuntime().availableProcessors();

    private static final ForkJoinPool POOL = new ForkJoinPool(CORES, pool -> {
        ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        t.setName("engine-compute-" + t.getPoolIndex());
        t.setDaemon(true);
        return t;
    }, null, false);

    private Parallel() {
    }

    /**
     * Runs {@code body(0..tasks-1)}, task 0 on the calling thread and the rest on the pool, and returns when all are
     * done. Exceptions from any task are rethrown.
     */
    public static void run(int tasks, IntConsumer body) {
        if (tasks <= 1) {
            if (tasks == 1) {
                body.accept(0);
            }
            return;
        }
        ForkJoinTask<?>[] forks = new ForkJoinTask<?>[tasks];
        for (int t = 1; t < tasks; t++) {
            final int id = t;
            forks[t] = POOL.submit(() -> body.accept(id));
        }
        RuntimeException first = null;
        try {
            body.accept(0);
        } catch (RuntimeException e) {
            first = e;
        }
        for (int t = 1; t < tasks; t++) {
            try {
                forks[t].join();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * Splits {@code [0, n)} into at most {@code tasks} contiguous ranges whose boundaries are multiples of
     * {@code align}, and runs {@code body(from, to)} for each in parallel.
     */
    public static void forRange(int n, int tasks, int align, RangeBody body) {
        int units = (n + align - 1) / align;
        int t = Math.max(1, Math.min(tasks, units));
        if (t == 1) {
            body.run(0, n);
            return;
        }
        run(t, id -> {
            int u0 = (int) ((long) units * id / t);
            int u1 = (int) ((long) units * (id + 1) / t);
            int from = u0 * align;
            int to = Math.min(n, u1 * align);
            if (from < to) {
                body.run(from, to);
            }
        });
    }

    /** A body over a half-open index range. */
    @FunctionalInterface
    public interface RangeBody {
        /** Processes indices {@code from} (inclusive) to {@code to} (exclusive). */
        void run(int from, int to);
    }
}
