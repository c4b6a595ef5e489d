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
    private static final int SLOPE_UP = OWN, SLOPE_DOWN = OWN + 1; // in the device's cell, beside its bounds
    private final boolean mult;

    LinearStepArray(PulsedDeviceParameters p, int rows, int cols, Rng rng) {
        super(p, rows, cols, 2, rng);
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
            double refUp = meanRef ? p.wMax() : maxBound(k);
            double refDown = meanRef ? p.wMin() : minBound(k);
            cell[k * stride + SLOPE_UP] = refUp != 0 ? (float) (-dUp * scaleUp(k) / refUp) : 0f;
            cell[k * stride + SLOPE_DOWN] = refDown != 0 ? (float) (-dDown * scaleDown(k) / refDown) : 0f;
        }
    }

    @Override
    public double expectedStep(double x, int k, boolean down) {
        return down ? slopeDown(k) * x + scaleDown(k) : slopeUp(k) * x + scaleUp(k);
    }

    @Override
    protected float step(float x, int k, boolean down, Rng rng) {
        float y;
        if (mult) {
            y = down
                    ? x - (slopeDown(k) * x + scaleDown(k)) * noise(rng)
                    : x + (slopeUp(k) * x + scaleUp(k)) * noise(rng);
        } else {
            y = down ? x - slopeDown(k) * x - scaleDown(k) * noise(rng) : x + slopeUp(k) * x + scaleUp(k) * noise(rng);
        }
        return clip(y, k);
    }

    /**
     * A train of {@code n} pulses in one direction. Each pulse is affine in the state, {@code x' = c x + m + noise}
     * with {@code c = 1 + slope} ({@code slope = slope_up}, or {@code -slope_down} going down) and {@code m} the signed
     * step scale, so around the fixed point {@code x* = -m / slope} (the soft bound) {@code y = x - x*} shrinks as
     * {@code y' = c y + noise}:
     * <ul>
     * <li>additive noise ({@code m σ ξ} per pulse): {@code y_n = c^n y_0 + m σ Σ c^(n-1-i) ξ_i}, normal with variance
     * {@code (m σ)² (1 - c^2n) / (1 - c²)} — exact;</li>
     * <li>multiplicative noise ({@code slope y σ ξ} per pulse): {@code y_n = y_0 Π (c + slope σ ξ_i)}, drawn as a normal
     * value with the product's exact mean {@code c^n y_0} and variance {@code y_0² ((c² + slope² σ²)^n - c^2n)}; the
     * shape differs from the product's by terms of order {@code n² (slope σ)^4}, below float resolution for devices
     * whose step is a small fraction of their range.</li>
     * </ul>
     * Trains that could touch a bound, or grow away from the fixed point ({@code c > 1}), go pulse by pulse.
     */
    @Override
    protected float train(float x, int k, int n, boolean down, Rng rng) {
        return drawn(x, k, n, down, Gaussian.next(rng), rng);
    }

    @Override
    protected boolean drawsTrains() {
        return true;
    }

    /** One pulse is {@link #step} with {@code xi} as its draw (exact); longer trains as in {@link #train}. */
    @Override
    protected float drawn(float x, int k, int n, boolean down, double xi, Rng rng) {
        if (n == 1) {
            float nz = 1f + dwMinStd * (float) xi;
            float y;
            if (mult) {
                y = down ? x - (slopeDown(k) * x + scaleDown(k)) * nz : x + (slopeUp(k) * x + scaleUp(k)) * nz;
            } else {
                y = down ? x - slopeDown(k) * x - scaleDown(k) * nz : x + slopeUp(k) * x + scaleUp(k) * nz;
            }
            return clip(y, k);
        }
        double slope = down ? -slopeDown(k) : slopeUp(k);
        double m = down ? -scaleDown(k) : scaleUp(k);
        double c = 1 + slope;
        if (c <= 0 || c > 1) {
            return steps(x, k, n, down, rng);
        }
        double mean, sd, stepNoise;
        if (slope == 0) {
            mean = x + n * m;
            stepNoise = Math.abs(m) * dwMinStd;
            sd = stepNoise * Math.sqrt(n);
        } else {
            double fixed = -m / slope;
            double y0 = x - fixed;
            double cn = power(c, n);
            mean = fixed + cn * y0;
            if (mult) {
                double e = slope * dwMinStd;
                stepNoise = Math.abs(e * y0);
                sd = Math.abs(y0) * Math.sqrt(Math.max(power(c * c + e * e, n) - cn * cn, 0));
            } else {
                stepNoise = Math.abs(m) * dwMinStd;
                sd = stepNoise * Math.sqrt((1 - cn * cn) / (1 - c * c));
            }
        }
        if (!clearOfBounds(x, mean, stepNoise, n, k)) {
            return steps(x, k, n, down, rng);
        }
        return clip((float) (mean + sd * xi), k);
    }

    private float slopeUp(int k) {
        return cell[k * stride + SLOPE_UP];
    }

    private float slopeDown(int k) {
        return cell[k * stride + SLOPE_DOWN];
    }
}
