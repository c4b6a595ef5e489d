package io.analogcomposer.engine.analog.inference;

import io.analogcomposer.engine.analog.util.Chunks;
import io.analogcomposer.engine.analog.util.FloatPool;
import io.analogcomposer.engine.random.Rng;

/**
 * A phenomenological model of how programmed devices deviate from their target conductance: programming noise once,
 * then drift and accumulated 1/f read noise at an inference time {@code t} (seconds after programming ended).
 *
 * <p>
 * The conductance-level methods mirror AIHWKit's {@code BaseNoiseModel} (same formulas and defaults, see each
 * implementation); the weight-level methods go through the {@link #converter()} exactly as AIHWKit's
 * {@code apply_programming_noise} / {@code apply_drift_noise} do. Contract: same generator state ⇒ same result, on any
 * number of threads.
 */
public sealed interface NoiseModel permits PcmLikeNoiseModel, StateIndependentNoiseModel, CustomDriftPcmNoiseModel,
        HermesNoiseModel, ReRamWan2022NoiseModel, ReRamCmoNoiseModel {

    /** Stable name used in configurations and results, e.g. {@code pcm_like}. */
    String type();

    /** How weights become conductances. */
    ConductanceConverter converter();

    /** Programmed conductances {@code gProg[i]} for targets {@code gTarget[i]}, {@code i} in {@code [from, to)}. */
    void programConductance(float[] gTarget, float[] gProg, int from, int to, Rng rng);

    /**
     * Per-device parameters fixed at programming time and used by {@link #driftConductance} (the drift exponent ν
     * for PCM models; the target itself for the ReRAM models, which re-sample around it).
     */
    void driftParameters(float[] gTarget, float[] out, int from, int to, Rng rng);

    /** Conductances at inference time {@code t} seconds from programmed ones and their drift parameters. */
    void driftConductance(float[] gProg, float[] param, double t, float[] out, int from, int to, Rng rng);

    /** Throws if the model cannot be evaluated at {@code t} (negative, or not tabulated). */
    default void checkTime(double t) {
        if (!(t >= 0) || Double.isInfinite(t)) {
            throw new IllegalArgumentException("t_inference must be finite and >= 0 seconds, got " + t);
        }
    }

    /**
     * Programs a tile's weights: converts to conductances, applies programming noise to every device and draws the
     * drift parameters from the targets, then converts back (AIHWKit {@code apply_programming_noise}).
     */
    default Programmed programWeights(float[] w, int n, Rng rng) {
        return programWeightsPerDevice(this, w, n, rng);
    }

    /**
     * The generic {@link #programWeights}: every device of every slice through {@link #programConductance} and
     * {@link #driftParameters}. Models with a fused path must give the same values as this.
     */
    static Programmed programWeightsPerDevice(NoiseModel model, float[] w, int n, Rng rng) {
        ConductanceConverter c = model.converter();
        ConductanceConverter.Mapping m = c.mappingFor(w, n);
        int s = c.slices();
        // prog and target are temporaries that the chunks overwrite completely: pooled, not zeroed
        float[][] prog = new float[s][];
        for (int k = 0; k < s; k++) {
            prog[k] = FloatPool.take(n);
        }
        float[][] params = new float[s][n];
        float[] out = new float[n];
        float[] target = FloatPool.take(n); // chunks write disjoint ranges, so one buffer serves every slice
        Chunks.run(n, rng, (from, to, r) -> {
            for (int k = 0; k < s; k++) {
                c.toConductance(m, k, w, target, from, to);
                model.programConductance(target, prog[k], from, to, r);
                model.driftParameters(target, params[k], from, to, r);
            }
            c.toWeights(m, prog, out, from, to);
        });
        FloatPool.give(target);
        for (float[] a : prog) {
            FloatPool.give(a);
        }
        return new Programmed(out, params);
    }

    /**
     * The weights at time {@code t}: AIHWKit's {@code apply_drift_noise}, which re-derives the conductances from the
     * programmed weights (a fresh mapping from their own max |w|), applies drift and read noise per device with the
     * parameters fixed at programming, and converts back. Read noise is re-sampled on every call.
     */
    default float[] driftWeights(Programmed p, double t, Rng rng) {
        return driftWeightsPerDevice(this, p, t, rng);
    }

    /**
     * The generic {@link #driftWeights}: every device of every slice through {@link #driftConductance}. Models with
     * a fused path must give the same values as this (their exactness tests compare against it).
     */
    static float[] driftWeightsPerDevice(NoiseModel model, Programmed p, double t, Rng rng) {
        model.checkTime(t);
        ConductanceConverter c = model.converter();
        float[] w = p.weights();
        int n = w.length;
        ConductanceConverter.Mapping m = c.mappingFor(w, n);
        int s = c.slices();
        // g and prog are temporaries that the chunks overwrite completely; the result comes from the pool too, so
        // a caller that is done with it may hand it back (FloatPool.give)
        float[][] g = new float[s][];
        for (int k = 0; k < s; k++) {
            g[k] = FloatPool.take(n);
        }
        float[] out = FloatPool.take(n);
        float[] prog = FloatPool.take(n);
        Chunks.run(n, rng, (from, to, r) -> {
            for (int k = 0; k < s; k++) {
                c.toConductance(m, k, w, prog, from, to);
                model.driftConductance(prog, p.driftParameters()[k], t, g[k], from, to, r);
            }
            c.toWeights(m, g, out, from, to);
        });
        FloatPool.give(prog);
        for (float[] a : g) {
            FloatPool.give(a);
        }
        return out;
    }

    /**
     * Weights right after programming and the per-device drift parameters (one array per conductance slice).
     *
     * @param weights         programmed weights in the tile's normalized units
     * @param driftParameters per slice, per weight
     */
    record Programmed(float[] weights, float[][] driftParameters) {}

    /** {@code sum_i c_i r^i} by Horner's rule. */
    static double poly(double[] c, double r) {
        double v = 0;
        for (int i = c.length - 1; i >= 0; i--) {
            v = v * r + c[i];
        }
        return v;
    }

    /**
     * Programming noise whose std is a polynomial of g_target/g_max, rescaled from the g_max the coefficients were
     * fitted at (PCM-like and HERMES models): g_prog = max(0, g_target + scale * sigma(g_target) * N(0, 1)).
     */
    static void programWithPolynomialNoise(double[] progCoeff, double gMax, double progCoeffGMaxReference,
            double progNoiseScale, float[] gT, float[] gP, int from, int to, Rng rng) {
        DeviceKernels.polynomialProgramming(progCoeff, gMax, gMax / progCoeffGMaxReference, progNoiseScale, gT, gP,
                from, to, rng);
    }

    /** Clamps {@code v} into {@code [lo, hi]}; NaN stays NaN as in torch. */
    static double clip(double v, double lo, double hi) {
        return v < lo ? lo : (v > hi ? hi : v);
    }

    /** Validates a non-negative finite scale parameter. */
    static void checkScale(String model, String field, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(model + "." + field + " must be finite and >= 0, got " + v);
        }
    }

    /** Validates a strictly positive finite time parameter. */
    static void checkPositive(String model, String field, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(model + "." + field + " must be finite and > 0, got " + v);
        }
    }
}
