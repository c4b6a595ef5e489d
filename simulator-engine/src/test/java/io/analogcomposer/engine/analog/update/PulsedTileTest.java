package io.analogcomposer.engine.analog.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.analogcomposer.engine.analog.device.DeviceModel;
import io.analogcomposer.engine.analog.device.PulsedDeviceParameters;
import io.analogcomposer.engine.random.Rng;
import org.junit.jupiter.api.Test;

/** Stochastic pulse-train updates against the exact outer product, and the update management rules. */
class PulsedTileTest {
    private static final long SEED = 424242L;
    private static final int OUT = 8, IN = 16;

    /** A constant-step device without variations and with bounds far away: each coincidence is exactly ±dw_min. */
    private static PulsedDeviceParameters idealSteps(double dw) {
        return PulsedDeviceParameters.builder(DeviceModel.CONSTANT_STEP).noVariation().dwMin(dw).wMax(100).wMin(-100)
                .build();
    }

    private static float[] uniform(int n, Rng r) {
        float[] v = new float[n];
        r.fillUniform(v, 0, n, -1f, 1f);
        return v;
    }

    private void checkApproachesOuterProduct(UpdateParameters up, double lr, int repeats) {
        double dw = 0.001;
        Rng r = new Rng(SEED);
        float[] x = uniform(IN, r), d = uniform(OUT, r);
        PulsedTile tile = new PulsedTile(OUT, IN, idealSteps(dw), up, new Rng(SEED + 1));
        for (int t = 0; t < repeats; t++) {
            tile.update(x, d, 1, lr);
        }
        float[] w = tile.weights();
        double sumW = 0, sumE = 0;
        for (int i = 0; i < OUT; i++) {
            for (int j = 0; j < IN; j++) {
                double expected = -repeats * lr * d[i] * x[j];
                // coincidences per repeat are Binomial(BL, p) with mean lr|x d|/dw, so variance <= mean:
                // Var(w) <= repeats * dw * lr |x d|; 5 sigma per element
                double tol = 5 * Math.sqrt(repeats * dw * lr * Math.abs(d[i] * x[j])) + 1e-9;
                assertThat((double) w[i * IN + j]).as("w[%d,%d]", i, j).isCloseTo(expected, within(tol));
                sumW += w[i * IN + j] * Math.signum(expected);
                sumE += Math.abs(expected);
            }
        }
        // summed over the 128 devices the relative error of the mean update is a few 0.1 %
        assertThat(sumW / sumE).isCloseTo(1.0, within(0.02));
    }

    @Test
    void stochasticUpdateApproachesExactOuterProductWithManagement() {
        checkApproachesOuterProduct(UpdateParameters.DEFAULT, 0.01, 2000);
    }

    @Test
    void stochasticUpdateApproachesExactOuterProductWithoutManagement() {
        // fixed BL 31 with A = B = sqrt(lr / (dw_min BL)) = 0.57: probabilities stay below 1 for |x|, |d| <= 1
        checkApproachesOuterProduct(UpdateParameters.DEFAULT.withManagement(false, false), 0.01, 2000);
    }

    @Test
    void shortTrainsDrawnBitByBitAlsoMatch() {
        // BL = ceil(lr |x|max |d|max / dw_min) = 2, and a fixed BL of 8 (lr / dw_min = 5 < BL: probabilities stay
        // below 1): the short-train path (Rng.bernoulliTrains)
        checkApproachesOuterProduct(UpdateParameters.DEFAULT, 0.002, 5000);
        checkApproachesOuterProduct(UpdateParameters.DEFAULT.withDesiredBl(PulsedTile.SHORT_TRAIN)
                .withManagement(false, true), 0.005, 3000);
    }

    @Test
    void longTrainsOverSeveralWordsAlsoMatch() {
        checkApproachesOuterProduct(UpdateParameters.DEFAULT.withDesiredBl(100).withManagement(false, true), 0.05,
                400);
    }

    @Test
    void updateManagementKeepsProbabilitiesAtMostOne() {
        Rng r = new Rng(SEED);
        UpdateParameters up = UpdateParameters.DEFAULT;
        for (int t = 0; t < 10000; t++) {
            double lr = Math.exp(-8 + 8 * r.nextDouble());
            double dw = Math.exp(-9 + 6 * r.nextDouble());
            double xm = Math.exp(-4 + 6 * r.nextDouble()), dm = Math.exp(-8 + 8 * r.nextDouble());
            UpdateParameters.Scales s = up.scales(lr, dw, xm, dm);
            double k = lr * xm * dm / dw;
            assertThat(s.bl()).isBetween(1, up.desiredBl());
            assertThat(s.b() * xm).as("x probability").isLessThanOrEqualTo(1 + 1e-9);
            if (k <= up.desiredBl()) {
                assertThat(s.a() * dm).as("d probability").isLessThanOrEqualTo(1 + 1e-9);
                // expected coincidences at the maxima are exactly the SGD update in pulses
                assertThat(s.bl() * s.a() * dm * s.b() * xm).isCloseTo(k, within(1e-9 * Math.max(1, k)));
            } else {
                // too large an update for BL pulses: x keeps probability 1, d is clipped (at most BL pulses)
                assertThat(s.b() * xm).isCloseTo(1.0, within(1e-9));
                assertThat(s.bl()).isEqualTo(up.desiredBl());
            }
        }
        assertThat(up.scales(0.1, 0.001, 0, 1).bl()).isZero();
    }

    @Test
    void positiveGradientDecreasesWeight() {
        PulsedTile tile = new PulsedTile(1, 1, idealSteps(0.01), UpdateParameters.DEFAULT, new Rng(SEED));
        tile.update(new float[]{1f}, new float[]{1f}, 1, 0.1); // k = 10 pulses, probabilities 1
        assertThat(tile.weights()[0]).isCloseTo(-0.1f, within(1e-6f));
        assertThat(tile.pulseCount()).isEqualTo(10);
        tile.update(new float[]{-1f}, new float[]{1f}, 1, 0.05);
        assertThat(tile.weights()[0]).isCloseTo(-0.05f, within(1e-6f));
    }

    @Test
    void idealDeviceAndPulseTypeNoneApplyTheExactUpdate() {
        Rng r = new Rng(SEED);
        float[] x = uniform(2 * IN, r), d = uniform(2 * OUT, r);
        PulsedTile ideal = new PulsedTile(OUT, IN, PulsedDeviceParameters.builder(DeviceModel.IDEAL).build(),
                UpdateParameters.DEFAULT, new Rng(1));
        PulsedTile none = new PulsedTile(OUT, IN, idealSteps(0.001),
                UpdateParameters.DEFAULT.withPulseType(PulseType.NONE), new Rng(1));
        ideal.update(x, d, 2, 0.1);
        none.update(x, d, 2, 0.1);
        for (int i = 0; i < OUT; i++) {
            for (int j = 0; j < IN; j++) {
                float e = (float) (-0.1 * (d[i] * x[j] + d[OUT + i] * x[IN + j]));
                assertThat(ideal.weights()[i * IN + j]).isCloseTo(e, within(1e-6f));
                assertThat(none.weights()[i * IN + j]).isCloseTo(e, within(1e-6f));
            }
        }
    }

    @Test
    void sameSeedSameTrajectory() {
        Rng r = new Rng(SEED);
        float[] x = uniform(4 * IN, r), d = uniform(4 * OUT, r);
        float[][] w = new float[2][];
        for (int k = 0; k < 2; k++) {
            PulsedTile t = new PulsedTile(OUT, IN, PulsedDeviceParameters.builder(DeviceModel.SOFT_BOUNDS).build(),
                    UpdateParameters.DEFAULT, new Rng(99));
            t.update(x, d, 4, 0.1);
            w[k] = t.weights().clone();
        }
        assertThat(w[0]).containsExactly(w[1]);
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThatThrownBy(() -> UpdateParameters.DEFAULT.withDesiredBl(0))
                .hasMessageContaining("update.desired_bl must be in [1, 1024]");
        assertThatThrownBy(() -> PulseType.fromJson("deterministic")).hasMessageContaining("allowed: none");
    }
}
