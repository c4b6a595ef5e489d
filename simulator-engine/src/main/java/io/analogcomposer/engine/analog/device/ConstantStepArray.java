package io.analogcomposer.engine.analog.device;

import io.analogcomposer.engine.random.Rng;

/** ConstantStepDevice: every pulse moves the weight by its drawn scale times {@code (1 + dw_min_std ξ)}. */
final class ConstantStepArray extends PulsedDeviceArray {
    ConstantStepArray(PulsedDeviceParameters p, int rows, int cols, Rng rng) {
        super(p, rows, cols, rng);
    }

    @Override
    public double expectedStep(double x, int k, boolean down) {
        return down ? scaleDown[k] : scaleUp[k];
    }

    @Override
    protected float step(float x, int k, boolean down, Rng rng) {
        return clip(down ? x - scaleDown[k] * noise(rng) : x + scaleUp[k] * noise(rng), k);
    }
}
