package io.analogcomposer.engine.analog.update;

import java.lang.ref.SoftReference;

/**
 * One float array per thread, shared by the layers that thread runs, for values that live only within one layer's
 * forward or backward call; softly held, so an idle thread's array goes when memory is short.
 */
final class SharedScratch {
    private final ThreadLocal<SoftReference<float[]>> arrays = new ThreadLocal<>();

    /** This thread's array, of at least {@code n} floats (its contents are undefined). */
    float[] get(int n) {
        SoftReference<float[]> ref = arrays.get();
        float[] a = ref == null ? null : ref.get();
        if (a == null || a.length < n) {
            a = null; // the old array may be collected before the new one is allocated
            a = new float[n];
            arrays.set(new SoftReference<>(a));
        }
        return a;
    }
}
