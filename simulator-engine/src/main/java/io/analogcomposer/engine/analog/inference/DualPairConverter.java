package io.analogcomposer.engine.analog.inference;

/**
 * Two pairs of devices per weight with significance factors {@code f0 < f1} (AIHWKit's
 * {@code DualPairConductanceConverter}, an N-pair converter with two pairs): the low-significance pair is filled first
 * and the high one only takes what exceeds its range, so programming errors of the amplified pair matter only for
 * large weights.
 *
 * @param f0   significance of the first pair (default 1)
 * @param f1   significance of the second pair (default 3)
 * @param gMax maximal conductance in µS
 * @param gMin conductance of a logical zero in µS
 */
public record DualPairConverter(double f0, double f1, double gMax, double gMin) implements ConductanceConverter {

    /** Validates factors and range. */
    public DualPairConverter {
        ConductanceConverter.checkRange("dual_pair converter", gMin, gMax);
        if (!(f0 > 0) || !(f1 > 0)) {
            throw new IllegalArgumentException("dual_pair converter needs positive significance factors, got f0=" + f0
                    + ", f1=" + f1);
        }
    }

    @Override
    public int slices() {
        return 4;
    }

    @Override
    public Mapping mappingFor(float[] w, int n) {
        return new Mapping((f0 + f1) * (gMax - gMin) / ConductanceConverter.absMax(w, n), 0.0);
    }

    @Override
    public void toConductance(Mapping m, int s, float[] w, float[] g, int from, int to) {
        double f = s < 2 ? f0 : f1;
        double lower = s < 2 ? 0.0 : f0 * (gMax - gMin);
        double sign = (s % 2 == 0) ? 1.0 : -1.0;
        for (int i = from; i < to; i++) {
            double us = Math.max(sign * w[i] * m.scale(), 0.0);
            g[i] = (float) Math.min(Math.max((us - lower) / f + gMin, gMin), gMax);
        }
    }

    @Override
    public void toWeights(Mapping m, float[][] g, float[] w, int from, int to) {
        for (int i = from; i < to; i++) {
            double us = f0 * (g[0][i] - g[1][i]) + f1 * (g[2][i] - g[3][i]);
            w[i] = (float) (us / m.scale());
        }
    }
}
