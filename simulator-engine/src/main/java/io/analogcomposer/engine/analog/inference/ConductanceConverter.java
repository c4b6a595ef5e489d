package io.analogcomposer.engine.analog.inference;

/**
 * Maps normalized weights of one tile to device conductances (in µS) and back. A weight may use several devices
 * ("slices", e.g. g+ and g− of a pair); the noise models perturb each slice independently.
 */
public sealed interface ConductanceConverter
        permits SinglePairConverter, DualPairConverter, SingleDeviceConverter {

    /** Largest conductance a device is programmed to, in µS. */
    double gMax();

    /** Conductance of a logical zero, in µS. */
    double gMin();

    /** Number of devices per weight. */
    int slices();

    /** The affine map of this tile, derived from its weights (e.g. its largest |w| maps to {@link #gMax()}). */
    Mapping mappingFor(float[] w, int n);

    /** Writes the target conductance of slice {@code s} for weights {@code [from, to)}. */
    void toConductance(Mapping m, int s, float[] w, float[] g, int from, int to);

    /** Writes the weights of {@code [from, to)} from the conductances of every slice. */
    void toWeights(Mapping m, float[][] g, float[] w, int from, int to);

    /**
     * Scale (µS per weight unit) and offset (the weight mapped to {@code gMin}, used by single-device converters) of
     * one tile's weights.
     */
    record Mapping(double scale, double offset) {}

    /** Largest |w| over {@code [0, n)}, floored at 1e-7 as AIHWKit does so an all-zero tile maps without dividing by 0. */
    static double absMax(float[] w, int n) {
        double m = 0;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, Math.abs(w[i]));
        }
        return Math.max(m, 1e-7);
    }

    /** Checks a conductance range and names the converter and values when it is invalid. */
    static void checkRange(String who, double gMin, double gMax) {
        if (!(gMax > 0) || !(gMin >= 0) || !(gMin < gMax) || Double.isInfinite(gMax)) {
            throw new IllegalArgumentException(who + " needs 0 <= g_min < g_max < infinity (in µS), got g_min=" + gMin
                    + ", g_max=" + gMax);
        }
    }
}
