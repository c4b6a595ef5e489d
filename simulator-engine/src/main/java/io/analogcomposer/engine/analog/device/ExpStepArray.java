package io.analogcomposer.engine.analog.device;

import io.analogcomposer.engine.analog.util.Gaussian;
import io.analogcomposer.engine.random.Rng;

/**
 * ExpStepDevice: with {@code z = 2 a w / (w_max - w_min) + b}, an up pulse adds {@code max(1 - A_up e^{gamma_up z},
 * 0) scale_up} and a down pulse subtracts {@code max(1 - A_down e^{-gamma_down z}, 0) scale_down}. The cycle-to-cycle
 * noise is multiplicative, or with {@code dw_min_std_add}/{@code dw_min_std_slope} additive with std
 * {@code dw_min_std (|dw| + add + slope |w|)} (AIHWKit's complex noise, used by the PCM preset).
 */
final class ExpStepArray extends PulsedDeviceArray {
    private final float a, b, aUp, aDown, gUp, gDown, stdAdd, stdSlope;
    private final boolean complexNoise;

    ExpStepArray(PulsedDeviceParameters p, int rows, int cols, Rng rng) {
        super(p, rows, cols, rng);
        a = (float) p.a();
        b = (float) p.b();
        aUp = (float) p.aUp();
        aDown = (float) p.aDown();
        gUp = (float) p.gammaUp();
        gDown = (float) p.gammaDown();
        stdAdd = (float) p.dwMinStdAdd();
        stdSlope = (float) p.dwMinStdSlope();
        complexNoise = p.dwMinStdAdd() > 0 || p.dwMinStdSlope() > 0;
    }

    @Override
    public double expectedStep(double x, int k, boolean down) {
        double range = maxBound(k) - minBound(k);
        if (range <= 0) {
            return 0;
        }
        double z = 2 * x / range * a + b;
        return down
                ? Math.max(1 - aDown * Math.exp(-gDown * z), 0) * scaleDown(k)
                : Math.max(1 - aUp * Math.exp(gUp * z), 0) * scaleUp(k);
    }

    @Override
    protected float step(float x, int k, boolean down, Rng rng) {
        float dw = (float) expectedStep(x, k, down);
        if (dw == 0f && maxBound(k) <= minBound(k)) {
            return x;
        }
        float y;
        if (complexNoise) {
            float signed = down ? -dw : dw;
            float std = dwMinStd * (Math.abs(signed) + stdAdd + stdSlope * Math.abs(x));
            y = x + signed + std * (float) Gaussian.next(rng);
        } else {
            y = down ? x - dw * noise(rng) : x + dw * noise(rng);
        }
        return clip(y, k);
    }
}
