package io.analogcomposer.engine.analog.util;

import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Parallel;

/**
 * Runs a random element-wise kernel over {@code [0, n)} in fixed chunks, each with its own generator derived from one
 * draw of the caller's generator and the chunk index. Results therefore depend on the seed only, never on the thread
 * count or scheduling, while large weight matrices use every core.
 */
public final class Chunks {
    /** Elements per chunk: large enough to amortize task overhead, small enough to balance two cores. */
    public static final int SIZE = 8192;

    private Chunks() {
    }

    /** A kernel over a half-open range that draws from its own generator. */
    @FunctionalInterface
    public interface Body {
        /** Processes {@code [from, to)} with {@code rng}. */
        void run(int from, int to, Rng rng);
    }

    /** Runs {@code body} over {@code [0, n)} in chunks of {@link #SIZE}, in parallel on every core. */
    public static void run(int n, Rng rng, Body body) {
        run(n, rng, Parallel.CORES, body);
    }

    /**
     * Runs {@code body} over {@code [0, n)} in chunks of {@link #SIZE}, split over at most {@code tasks} parallel
     * tasks; the result is the same for any {@code tasks}.
     */
    public static void run(int n, Rng rng, int tasks, Body body) {
        long key = rng.nextLong();
        int chunks = (n + SIZE - 1) / SIZE;
        Rng base = new Rng(key);
        if (chunks <= 1) {
            body.run(0, n, base.split(0));
            return;
        }
        Parallel.forRange(chunks, tasks, 1, (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                int from = c * SIZE;
                body.run(from, Math.min(n, from + SIZE), base.split(c));
            }
        });
    }
}
