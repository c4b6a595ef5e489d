package io.analogcomposer.engine.analog.inference;

/**
 * One pair of devices per weight: g+ holds the positive part, g− the negative part, the other device stays at
 * {@code gMin}. The tile's largest |w| maps to {@code gMax − gMin} (AIHWKit's {@code SinglePairConductanceConverter}).
 *
 * @param gMax maximal conductance in µS (default 25)
 * @param gMin conductance of a logical zero in µS (default 0)
 */
public record SinglePairConverter(double gMax, double gMin) implements ConductanceConverter {
    /** The defaults: 25 µS and 0 µS. */
    public static final SinglePairConverter DEFAULT = new SinglePairConverter(25.0, 0.0);

    /** Validates the range. */
    public SinglePairConverter {
        ConductanceConverter.checkRange("single_pair converter", gMin, gMax);
    }

    /** A converter with the given maximum and g_min = 0. */
    public static SinglePairConverter withGMax(double gMax) {
        return new SinglePairConverter(gMax, 0.0);
    }

    @Override
    public int slices() {
        return 2;
    }

    @Override
    public Mapping mappingFor(float[] w, int n) {
        return new Mapping((gMax - gMin) / ConductanceConverter.absMax(w, n), 0.0);
    }

    @Override
    public void toConductance(Mapping m, int s, float[] w, float[] g, int from, int to) {
        float scale = (float) m.scale(), max = (float) gMax, min = (float) gMin;
        float sign = s == 0 ? 1f : -1f;
        for (int i = from; i < to; i++) {
            float v = sign * w[i] * scale;
            g[i] = Math.min(Math.max(v, 0f), max) + min;
        }
    }

    @Override
    public void toWeights(Mapping m, float[][] g, float[] w, int from, int to) {
        float scale = (float) m.scale();
        float[] gp = g[0], gn = g[1];
        for (int i = from; i < to; i++) {
            w[i] = (gp[i] - gn[i]) / scale; // g_min cancels between the two devices
        }
    }
}
