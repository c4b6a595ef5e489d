package io.analogcomposer.engine.analog.device;

import io.analogcomposer.engine.analog.util.Gaussian;
import io.analogcomposer.engine.random.Rng;

/**
 * PowStepDevice: an up pulse adds {@code scale_up ((w_max - w) / range)^gamma_up}, a down pulse subtracts
 * {@code scale_down ((w - w_min) / range)^gamma_down}, {@code range = w_max - w_min}; the exponents vary per device
 * like the steps ({@code gamma (up_bias + gain + r)}, AIHWKit's {@code PowStepRPUDevice::populate}).
 */
final class PowStepArray extends PulsedDeviceArray {
    private final float[] gammaUp, gammaDown;

    PowStepArray(PulsedDeviceParameters p, int rows, int cols, Rng rng) {
        super(p, rows, cols, rng);
        gammaUp = new float[size];
        gammaDown = new float[size];
        double upBias = p.powUpDown() > 0 ? 0 : p.powUpDown();
        double downBias = p.powUpDown() > 0 ? -p.powUpDown() : 0;
        for (int k = 0; k < size; k++) {
            double gain = 1 + p.powGammaDtod() * Gaussian.next(rng);
            double r = p.powUpDownDtod() * Gaussian.next(rng);
            double up = (upBias + gain + r) * p.powGamma();
            double down = (downBias + gain - r) * p.powGamma();
            gammaUp[k] = (float) (p.enforceConsistency() ? Math.abs(up) : up);
            gammaDown[k] = (float) (p.enforceConsistency() ? Math.abs(down) : down);
        }
    }

    @Override
    public double expectedStep(double x, int k, boolean down) {
        double range = maxBound(k) - minBound(k);
        if (range <= 0) {
            return 0;
        }
        return down
                ? scaleDown(k) * Math.pow(Math.max(x - minBound(k), 0) / range, gammaDown[k])
                : scaleUp(k) * Math.pow(Math.max(maxBound(k) - x, 0) / range, gammaUp[k]);
    }

    @Override
    protected float step(float x, int k, boolean down, Rng rng) {
        if (maxBound(k) <= minBound(k)) {
            return x;
        }
        float dw = (float) expectedStep(x, k, down) * noise(rng);
        return clip(down ? x - dw : x + dw, k);
    }
}
