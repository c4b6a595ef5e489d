package io.analogcomposer.engine.analog.device;

import io.analogcomposer.engine.analog.util.Gaussian;
import io.analogcomposer.engine.random.Rng;

/**
 * LinearStepDevice and its special cases SoftBounds / SoftBoundsReference: the step is {@code scale_up + slope_up w}
 * up and {@code scale_down + slope_down w} down, with {@code slope_up = -gamma_up scale_up / w_ref_up} (AIHWKit's
 * {@code LinearStepRPUDevice::populate}). Soft bounds are gamma = 1 referenced to the device's own bounds, so the step
 * is {@code scale_up (1 - w / w_max)} and {@code scale_down (1 - w / w_min)}: zero at the bound.
 */
final class LinearStepArray extends PulsedDeviceArray {
    private final float[] slopeUp, slopeDown;
    private final boolean mult;

    LinearStepArray(PulsedDeviceParameters p, int rows, int cols, Rng rng) {
        super(p, rows, cols, rng);
        slopeUp = new float[size];
        slopeDown = new float[size];
        mult = p.multNoise();
        boolean soft = p.model() != DeviceModel.LINEAR_STEP;
        for (int k = 0; k < size; k++) {
            double dUp, dDown;
            if (soft) {
                // soft bounds: the step vanishes exactly at the device's bound; the reference variant may vary slopes
                dUp = 1 + p.slopeUpDtod() * Gaussian.next(rng);
                dDown = 1 + p.slopeDownDtod() * Gaussian.next(rng);
            } else {
                dUp = p.gammaUp() + p.gammaUpDtod() * Gaussian.next(rng);
                dDown = p.gammaDown() + p.gammaDownDtod() * Gaussian.next(rng);
                if (!p.allowIncreasing()) {
                    dUp = Math.abs(dUp);
                    dDown = Math.abs(dDown);
                }
            }
            boolean meanRef = !soft && p.meanBoundReference();
            double refUp = meanRef ? p.wMax() : maxBound[k];
            double refDown = meanRef ? p.wMin() : minBound[k];
            slopeUp[k] = refUp != 0 ? (float) (-dUp * scaleUp[k] / refUp) : 0f;
            slopeDown[k] = refDown != 0 ? (float) (-dDown * scaleDown[k] / refDown) : 0f;
        }
    }

    @Override
    public double expectedStep(double x, int k, boolean down) {
        return down ? slopeDown[k] * x + scaleDown[k] : slopeUp[k] * x + scaleUp[k];
    }

    @Override
    protected float step(float x, int k, boolean down, Rng rng) {
        float y;
        if (mult) {
            y = down
                    ? x - (slopeDown[k] * x + scaleDown[k]) * noise(rng)
                    : x + (slopeUp[k] * x + scaleUp[k]) * noise(rng);
        } else {
            y = down ? x - slopeDown[k] * x - scaleDown[k] * noise(rng) : x + slopeUp[k] * x + scaleUp[k] * noise(rng);
        }
        return clip(y, k);
    }
}
