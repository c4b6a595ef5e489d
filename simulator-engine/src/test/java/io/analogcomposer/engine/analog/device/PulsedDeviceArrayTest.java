package io.analogcomposer.engine.analog.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.analogcomposer.engine.random.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-pulse response of each device model against AIHWKit's formulas, bounds, and variation statistics. */
class PulsedDeviceArrayTest {
    private static final long SEED = 20240611L;

    /** Change of one noiseless pulse at state {@code w} on a 1x1 array. */
    private static double onePulse(PulsedDeviceParameters p, double w, boolean down) {
        PulsedDeviceArray a = PulsedDeviceArray.create(p, 1, 1, new Rng(SEED));
        a.setWeights(new float[]{(float) w}, new Rng(1));
        float before = a.weights()[0];
        a.pulse(0, 1, down, new Rng(2));
        return a.weights()[0] - before;
    }

    @Test
    void constantStepMovesByDwMinWithUpDownAsymmetry() {
        var p = PulsedDeviceParameters.builder(DeviceModel.CONSTANT_STEP).noVariation().dwMin(0.01).upDown(0.2)
                .build();
        for (double w : new double[]{-0.5, 0, 0.3}) {
            // up_down > 0 lowers the down step: scale_down = (1 - up_down) dw_min, scale_up = dw_min
            assertThat(onePulse(p, w, false)).isCloseTo(0.01, within(1e-6));
            assertThat(onePulse(p, w, true)).isCloseTo(-0.008, within(1e-6));
        }
    }

    @Test
    void constantStepSaturatesAtHardBounds() {
        var p = PulsedDeviceParameters.builder(DeviceModel.CONSTANT_STEP).noVariation().dwMin(0.01).build();
        PulsedDeviceArray a = PulsedDeviceArray.create(p, 1, 1, new Rng(SEED));
        a.pulse(0, 100, false, new Rng(3)); // 100 x 0.01 = 1.0 > w_max = 0.6
        assertThat(a.weights()[0]).isEqualTo(0.6f);
        a.pulse(0, 200, true, new Rng(3));
        assertThat(a.weights()[0]).isEqualTo(-0.6f);
    }

    @Test
    void linearStepFollowsSlopeReferencedToMeanBounds() {
        double g = 0.5, dw = 0.01;
        var p = PulsedDeviceParameters.builder(DeviceModel.LINEAR_STEP).noVariation().dwMin(dw).gammaUp(g)
                .gammaDown(0.2).wMax(1).wMin(-0.8).build();
        for (double w : new double[]{-0.5, 0, 0.4}) {
            // up: dw (1 - gamma_up w / w_max); down: dw (1 - gamma_down w / w_min)
            assertThat(onePulse(p, w, false)).isCloseTo(dw * (1 - g * w / 1.0), within(1e-6));
            assertThat(onePulse(p, w, true)).isCloseTo(-dw * (1 - 0.2 * w / -0.8), within(1e-6));
        }
    }

    @Test
    void softBoundsStepVanishesAtTheBoundsAndNeverCrossesThem() {
        double dw = 0.02;
        var p = PulsedDeviceParameters.builder(DeviceModel.SOFT_BOUNDS).noVariation().dwMin(dw).wMax(1).wMin(-1)
                .build();
        for (double w : new double[]{-0.9, 0, 0.5}) {
            assertThat(onePulse(p, w, false)).isCloseTo(dw * (1 - w), within(1e-6));
            assertThat(onePulse(p, w, true)).isCloseTo(-dw * (1 + w), within(1e-6));
        }
        PulsedDeviceArray a = PulsedDeviceArray.create(p, 1, 1, new Rng(SEED));
        a.pulse(0, 2000, false, new Rng(4));
        // distance to the bound shrinks geometrically by (1 - dw) per pulse: (1 - 0.02)^2000 ≈ 3e-18
        assertThat(a.weights()[0]).isLessThanOrEqualTo(1f).isGreaterThan(0.9999f);
    }

    @Test
    void softBoundsSymmetryPointMatchesFormulaAndAlternatingPulses() {
        double dw = 0.01, upDown = 0.3, wMax = 1.0, wMin = -0.6;
        var p = PulsedDeviceParameters.builder(DeviceModel.SOFT_BOUNDS).noVariation().dwMin(dw).upDown(upDown)
                .wMax(wMax).wMin(wMin).build();
        double su = dw, sd = (1 - upDown) * dw;
        // su (1 - w/w_max) = sd (1 - w/w_min)  =>  w* = (su - sd) / (su / w_max - sd / w_min)
        double expected = (su - sd) / (su / wMax - sd / wMin);
        PulsedDeviceArray one = PulsedDeviceArray.create(p, 1, 1, new Rng(SEED));
        assertThat(one.symmetryPoint(0)).isCloseTo(expected, within(1e-6));

        var noisy = p.toBuilder().dwMinStd(0.3).build();
        ResponseCurve c = ResponseCurve.alternating(noisy, 4000, 200, SEED);
        double tail = 0;
        for (int i = 3001; i <= 4000; i++) {
            tail += c.mean()[i];
        }
        tail /= 1000;
        // stationary spread of one device is about dw * 0.3 / sqrt(2 * relax); its mean over 200 devices is much
        // smaller than the half step that alternating up/down leaves
        assertThat(tail).isCloseTo(expected, within(dw));
    }

    @Test
    void softBoundsPmaxFollowsAihwkitConversion() {
        // range_min = 0: the documented w(p) = B (1 - e^{-alpha p}) + range_min holds, so p_max pulses reach range_max
        var p0 = PulsedDeviceParameters.builder(DeviceModel.SOFT_BOUNDS_PMAX).noVariation().pMax(1000).alpha(0.0005)
                .rangeMin(0).rangeMax(1).build();
        PulsedDeviceArray a = PulsedDeviceArray.create(p0, 1, 1, new Rng(SEED));
        a.pulse(0, 1000, false, new Rng(5));
        // (1 - alpha)^p differs from e^{-alpha p} by about p alpha^2 / 2 relative = 1.25e-4
        assertThat(a.weights()[0]).isCloseTo(1.0f, within(1e-3f));

        // range_min < 0: AIHWKit's conversion gives soft bounds at w_max = range_min + B, whose up step is
        // dw_min (1 - w / w_max): a geometric approach w_p = w_max - (w_max - w_0) (1 - dw_min / w_max)^p
        double alpha = 0.0005, b = 2 / (1 - Math.exp(-1000 * alpha)), wMax = -1 + b, dw = b * alpha;
        var p1 = p0.toBuilder().rangeMin(-1).build();
        PulsedDeviceParameters e = p1.effective();
        assertThat(e.model()).isEqualTo(DeviceModel.SOFT_BOUNDS);
        assertThat(e.wMax()).isCloseTo(wMax, within(1e-12));
        assertThat(e.dwMin()).isCloseTo(dw, within(1e-12));
        assertThat(e.upDown()).isCloseTo(1 - 2 / b, within(1e-12));
        PulsedDeviceArray c = PulsedDeviceArray.create(p1, 1, 1, new Rng(SEED));
        c.setWeights(new float[]{-1f}, new Rng(1));
        c.pulse(0, 1000, false, new Rng(5));
        assertThat(c.weights()[0]).isCloseTo((float) (wMax - (wMax + 1) * Math.pow(1 - dw / wMax, 1000)),
                within(1e-4f));
    }

    @Test
    void expStepFollowsExponentialResponse() {
        double dw = 0.01, aUp = 0.00081, aDown = 0.36833, gu = 12.44625, gd = 12.78785, ea = 0.244, eb = 0.2425;
        var p = PulsedDeviceParameters.builder(DeviceModel.EXP_STEP).noVariation().dwMin(dw).wMax(1).wMin(-1)
                .build();
        for (double w : new double[]{-0.8, 0, 0.6}) {
            double z = 2 * w / 2.0 * ea + eb;
            assertThat(onePulse(p, w, false)).isCloseTo(dw * Math.max(1 - aUp * Math.exp(gu * z), 0), within(1e-6));
            assertThat(onePulse(p, w, true)).isCloseTo(-dw * Math.max(1 - aDown * Math.exp(-gd * z), 0),
                    within(1e-6));
        }
    }

    @Test
    void powStepFollowsPowerOfDistanceToBound() {
        double dw = 0.01, g = 2.0;
        var p = PulsedDeviceParameters.builder(DeviceModel.POW_STEP).noVariation().dwMin(dw).powGamma(g).wMax(1)
                .wMin(-1).build();
        for (double w : new double[]{-0.5, 0, 0.7}) {
            assertThat(onePulse(p, w, false)).isCloseTo(dw * Math.pow((1 - w) / 2, g), within(1e-6));
            assertThat(onePulse(p, w, true)).isCloseTo(-dw * Math.pow((w + 1) / 2, g), within(1e-6));
        }
    }

    @Test
    void piecewiseStepInterpolatesTheTable() {
        double dw = 0.01;
        var p = PulsedDeviceParameters.builder(DeviceModel.PIECEWISE_STEP).noVariation().dwMin(dw).wMax(1).wMin(-1)
                .piecewiseUp(List.of(1.0, 0.5, 0.2)).piecewiseDown(List.of(0.2, 0.5, 1.0)).build();
        // sections [-1, 0] and [0, 1]; w = -0.5 is the middle of the first
        assertThat(onePulse(p, -0.5, false)).isCloseTo(dw * 0.75, within(1e-6));
        assertThat(onePulse(p, 0.5, false)).isCloseTo(dw * 0.35, within(1e-6));
        assertThat(onePulse(p, 0.5, true)).isCloseTo(-dw * 0.75, within(1e-6));
    }

    @Test
    void deviceToDeviceVariationsHaveTheConfiguredStatistics() {
        int n = 20000;
        var p = PulsedDeviceParameters.builder(DeviceModel.CONSTANT_STEP).dwMin(0.001).dwMinDtod(0.3).upDownDtod(0)
                .wMax(0.6).wMaxDtod(0.2).wMin(-0.6).wMinDtod(0.2).build();
        PulsedDeviceArray a = PulsedDeviceArray.create(p, 100, n / 100, new Rng(SEED));
        double[] gain = new double[n], max = new double[n];
        for (int k = 0; k < n; k++) {
            gain[k] = a.scaleUp(k) / 0.001;
            max[k] = a.maxBound(k);
        }
        // standard errors: mean sigma/sqrt(n) = 0.0021, std sigma/sqrt(2n) = 0.0015; 5 sigma tolerances
        assertThat(mean(gain)).isCloseTo(1.0, within(0.011));
        assertThat(std(gain)).isCloseTo(0.3, within(0.0075));
        assertThat(mean(max)).isCloseTo(0.6, within(5 * 0.12 / Math.sqrt(n)));
        assertThat(std(max)).isCloseTo(0.12, within(5 * 0.12 / Math.sqrt(2.0 * n)));
        // without up_down_dtod, up and down steps of a device are equal
        for (int k = 0; k < n; k++) {
            assertThat(a.scaleDown(k)).isEqualTo(a.scaleUp(k));
        }
    }

    @Test
    void cycleToCycleNoiseAndWriteNoiseHaveTheConfiguredSpread() {
        int n = 20000;
        double dw = 0.001;
        var p = PulsedDeviceParameters.builder(DeviceModel.CONSTANT_STEP).noVariation().dwMin(dw).dwMinStd(0.5)
                .build();
        PulsedDeviceArray a = PulsedDeviceArray.create(p, 1, n, new Rng(SEED));
        Rng r = new Rng(7);
        double[] step = new double[n];
        for (int k = 0; k < n; k++) {
            a.pulse(k, 1, false, r);
            step[k] = a.weights()[k] / dw;
        }
        assertThat(mean(step)).isCloseTo(1.0, within(5 * 0.5 / Math.sqrt(n)));
        assertThat(std(step)).isCloseTo(0.5, within(5 * 0.5 / Math.sqrt(2.0 * n)));

        var wn = PulsedDeviceParameters.builder(DeviceModel.SOFT_BOUNDS).noVariation().dwMin(dw).writeNoiseStd(20)
                .build();
        PulsedDeviceArray b = PulsedDeviceArray.create(wn, 1, n, new Rng(SEED));
        double[] diff = new double[n];
        for (int k = 0; k < n; k++) {
            b.pulse(k, 1, true, r);
            diff[k] = b.weights()[k] - b.state()[k];
        }
        // write noise std = write_noise_std * dw_min = 0.02, seen by the MVM but not kept in the device state
        assertThat(std(diff)).isCloseTo(0.02, within(5 * 0.02 / Math.sqrt(2.0 * n)));
        assertThat(mean(diff)).isCloseTo(0, within(5 * 0.02 / Math.sqrt(n)));
    }

    @Test
    void resetDrawsAroundResetValue() {
        int n = 10000;
        var p = PulsedDeviceParameters.builder(DeviceModel.CONSTANT_STEP).reset(0.1).resetStd(0.05).resetDtod(0)
                .wMaxDtod(0).wMinDtod(0).build();
        PulsedDeviceArray a = PulsedDeviceArray.create(p, 2, n / 2, new Rng(SEED));
        a.pulse(3, 50, true, new Rng(1));
        a.resetColumns(0, n / 2, new Rng(9));
        double[] w = new double[n];
        for (int k = 0; k < n; k++) {
            w[k] = a.weights()[k];
        }
        assertThat(mean(w)).isCloseTo(0.1, within(5 * 0.05 / Math.sqrt(n)));
        assertThat(std(w)).isCloseTo(0.05, within(5 * 0.05 / Math.sqrt(2.0 * n)));
    }

    @Test
    void sameSeedGivesSameDevicesAndPulses() {
        var p = DevicePresets.reRamSb();
        float[] w1 = run(p), w2 = run(p);
        assertThat(w1).containsExactly(w2);
        var other = p.toBuilder().constructionSeed(5).build();
        assertThat(run(other)).isNotEqualTo(w1);
    }

    private static float[] run(PulsedDeviceParameters p) {
        PulsedDeviceArray a = PulsedDeviceArray.create(p, 4, 8, new Rng(SEED));
        Rng r = new Rng(11);
        for (int k = 0; k < 32; k++) {
            a.pulse(k, 1 + k % 5, k % 2 == 0, r);
        }
        return a.weights().clone();
    }

    @Test
    void invalidFieldsAreRejectedWithNameAndRange() {
        assertThatThrownBy(() -> PulsedDeviceParameters.builder(DeviceModel.CONSTANT_STEP).dwMin(0).build())
                .hasMessageContaining("dw_min must be in (0.0, 1.0]");
        assertThatThrownBy(() -> PulsedDeviceParameters.builder(DeviceModel.CONSTANT_STEP).wMin(0.1).build())
                .hasMessageContaining("[w_min, w_max] must contain 0");
        assertThatThrownBy(() -> PulsedDeviceParameters.builder(DeviceModel.PIECEWISE_STEP)
                .piecewiseUp(List.of(1.0, 2.0)).build()).hasMessageContaining("same length");
        assertThatThrownBy(() -> DeviceModel.fromJson("foo")).hasMessageContaining("allowed: ideal, constant_step");
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    static double std(double[] v) {
        double m = mean(v), s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }
}
