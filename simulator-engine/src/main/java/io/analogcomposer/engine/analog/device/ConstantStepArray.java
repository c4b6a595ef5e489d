package io.analogcomposer.engine.analog.device;

import io.analogcomposer.engine.analog.util.Gaussian;
import io.analogcomposer.engine.random.Rng;

/** ConstantStepDevice: every pulse moves the weight by its drawn scale times {@code (1 + dw_min_std ξ)}. */
final class ConstantStepArray extends PulsedDeviceArray {
    ConstantStepArray(PulsedDeviceParameters p, int rows, int cols, Rng rng) {
        super(p, rows, cols, rng);
    }

    @Override
    public double expectedStep(double x, int k, boolean down) {
        return down ? scaleDown(k) : scaleUp(k);
    }

    @Override
    protected float step(float x, int k, boolean down, Rng rng) {
        return clip(down ? x - scaleDown(k) * noise(rng) : x + scaleUp(k) * noise(rng), k);
    }

    /**
     * {@code n} pulses sum to {@code n s + s σ sqrt(n) ξ} ({@code s} the device's signed step, {@code σ =
     * dw_min_std}): the sum of {@code n} independent normal steps, exact while the train stays clear of the bounds.
     */
    @Override
    protected float train(float x, int k, int n, boolean down, Rng rng) {
        return drawn(x, k, n, down, Gaussian.next(rng), rng);
    }

    @Override
    protected boolean drawsTrains() {
        return true;
    }

    /**
     * One pulse is {@link #step} with {@code xi} as its draw (exact, clipped); longer trains are the sum above where
     * it stays {@link #BOUND_MARGIN_SIGMAS} clear of the bounds, else pulse by pulse.
     */
    @Override
    protected float drawn(float x, int k, int n, boolean down, double xi, Rng rng) {
        float s = down ? -scaleDown(k) : scaleUp(k);
        if (n == 1) {
            return clip(x + s * (1f + dwMinStd * (float) xi), k);
        }
        double mean = x + n * (double) s;
        double stepNoise = Math.abs(s) * dwMinStd;
        if (!clearOfBounds(x, mean, stepNoise, n, k)) {
            return steps(x, k, n, down, rng);
        }
        return clip((float) (mean + stepNoise * Math.sqrt(n) * xi), k);
    }
}
