package io.analogcomposer.engine.analog.inference;

/**
 * One bidirectional device per weight: the tile's weight range {@code [min w, max w]} maps linearly onto
 * {@code [gMin, gMax]} (AIHWKit's {@code SingleDeviceConductanceConverter}, used by the ReRAM CMO model).
 *
 * @param gMax maximal conductance in µS (default 88.2)
 * @param gMin minimal conductance in µS (default 9)
 */
public record SingleDeviceConverter(double gMax, double gMin) implements ConductanceConverter {
    /** AIHWKit's defaults for CMO/HfOx ReRAM: 9 µS to 88.199997 µS. */
    public static final SingleDeviceConverter DEFAULT = new SingleDeviceConverter(88.199997, 9.0);

    /** Validates the range. */
    public SingleDeviceConverter {
        ConductanceConverter.checkRange("single_device converter", gMin, gMax);
    }

    @Override
    public int slices() {
        return 1;
    }

    @Override
    public Mapping mappingFor(float[] w, int n) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            lo = Math.min(lo, w[i]);
            hi = Math.max(hi, w[i]);
        }
        double range = hi - lo;
        if (!(range > 0)) {
            range = 1e-7; // constant weights: any scale reproduces them; avoid dividing by zero
        }
        return new Mapping((gMax - gMin) / range, lo);
    }

    @Override
    public void toConductance(Mapping m, int s, float[] w, float[] g, int from, int to) {
        for (int i = from; i < to; i++) {
            g[i] = (float) ((w[i] - m.offset()) * m.scale() + gMin);
        }
    }

    @Override
    public void toWeights(Mapping m, float[][] g, float[] w, int from, int to) {
        float[] g0 = g[0];
        for (int i = from; i < to; i++) {
            w[i] = (float) (m.offset() + (g0[i] - gMin) / m.scale());
        }
    }
}
