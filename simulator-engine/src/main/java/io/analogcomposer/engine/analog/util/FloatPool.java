package io.analogcomposer.engine.analog.util;

import java.util.ArrayList;

/**
 * Reuses the large temporary float arrays of programming and drift. Programming and drifting a network allocates a
 * few arrays of one tile's size per tile and call (conductances of each slice, targets, the drifted weights); as fresh
 * arrays the JVM zeroes each one and the collector reclaims it, which cost a noticeable part of a program-and-drift
 * call. Arrays taken here are NOT zeroed: callers must write every element they read.
 *
 * <p>
 * Thread-safe; an array is handed to one taker at a time. At most {@link #MAX_FLOATS} floats are kept, so a
 * network's worth of temporaries is recycled while the pool never holds more than a bounded amount of memory.
 */
public final class FloatPool {
    /** Upper bound on the floats the pool keeps (16 MiB). */
    static final int MAX_FLOATS = 1 << 22;

    private static final ArrayList<float[]> FREE = new ArrayList<>();
    private static long kept;

    private FloatPool() {
    }

    /** An array of exactly {@code n} floats with arbitrary contents (a new one if none of that length is free). */
    public static float[] take(int n) {
        synchronized (FREE) {
            for (int i = FREE.size() - 1; i >= 0; i--) {
                if (FREE.get(i).length == n) {
                    kept -= n;
                    return FREE.remove(i);
                }
            }
        }
        return new float[n];
    }

    /** Hands {@code a} back; the caller must not use it afterwards. Kept only while the pool has room. */
    public static void give(float[] a) {
        if (a == null || a.length == 0) {
            return;
        }
        synchronized (FREE) {
            if (kept + a.length <= MAX_FLOATS) {
                for (float[] f : FREE) {
                    if (f == a) {
                        throw new IllegalStateException("array handed back twice");
                    }
                }
                FREE.add(a);
                kept += a.length;
            }
        }
    }
}
