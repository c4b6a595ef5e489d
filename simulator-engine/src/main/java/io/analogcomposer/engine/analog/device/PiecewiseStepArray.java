package io.analogcomposer.engine.analog.device;

import io.analogcomposer.engine.random.Rng;

/**
 * PiecewiseStepDevice: the relative step at state w is linearly interpolated in the user's table of
 * {@code n + 1} values at {@code n} equal sections of the device's {@code [w_min, w_max]}, times the drawn scale.
 */
final class PiecewiseStepArray extends PulsedDeviceArray {
    private final float[] up, down;

    PiecewiseStepArray(PulsedDeviceParameters p, int rows, int cols, Rng rng) {
        super(p, rows, cols, rng);
        up = toFloats(p.piecewiseUp());
        down = toFloats(p.piecewiseDown());
    }

    private static float[] toFloats(java.util.List<Double> v) {
        float[] f = new float[v.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = v.get(i).floatValue();
        }
        return f;
    }

    @Override
    public double expectedStep(double x, int k, boolean dn) {
        float[] table = dn ? down : up;
        double scale = dn ? scaleDown(k) : scaleUp(k);
        int sections = table.length - 1;
        if (sections <= 0 || maxBound(k) <= minBound(k)) {
            return table[0] * scale;
        }
        double s = Math.max((x - minBound(k)) / (maxBound(k) - minBound(k)) * sections, 0);
        int i = Math.min((int) Math.floor(s), sections - 1);
        double t = Math.min(s - i, 1);
        return scale * ((1 - t) * table[i] + t * table[i + 1]);
    }

    @Override
    protected float step(float x, int k, boolean dn, Rng rng) {
        float dw = (float) expectedStep(x, k, dn) * noise(rng);
        return clip(dn ? x - dw : x + dw, k);
    }
}
