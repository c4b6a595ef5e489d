package io.analogcomposer.engine.analog.device;

import io.analogcomposer.engine.random.Rng;

/**
 * What a pulse-train update drives: an array of devices, or a compound of them (e.g. a one-sided pair) that decides
 * which device a coincidence pulses. Indices are row-major {@code [rows, cols]} cross-points.
 */
public interface PulseTarget {
    /** {@code n} pulses at cross-point {@code k}; {@code down} lowers the weight. */
    void pulse(int k, int n, boolean down, Rng rng);

    /**
     * The pulses of one sample: {@code |n[e]|} pulses at cross-point {@code k[e]} for {@code e < m}, lowering the
     * weight where {@code n[e] < 0}; each cross-point appears at most once. A pulse-train update gathers a sample's
     * coincidences and hands them over in one call, so a device array can draw their noise in bulk instead of one
     * virtual call and one scalar normal per pulse. The default applies them one by one, in order.
     */
    default void pulses(int[] k, int[] n, int m, Rng rng) {
        for (int e = 0; e < m; e++) {
            int c = n[e];
            pulse(k[e], Math.abs(c), c < 0, rng);
        }
    }

    /** The weights the MVMs see (live view; do not modify). */
    float[] weights();

    /** Programs the weights. */
    void setWeights(float[] w, Rng rng);

    /** Per-mini-batch effects (decay, diffusion, refresh). */
    void afterUpdate(Rng rng);

    /** Adds an exact change, limited by the devices' bounds (pulse type none). */
    void addDirect(float[] delta, Rng rng);

    /**
     * Called before the pulses of each sample (AIHWKit's per-vector {@code initUpdateCycle}); a vector unit cell picks
     * the device that takes them.
     */
    default void startSample() {
    }

    /** The weight granularity of one pulse, used by the update management. */
    double dwMin();
}
