package io.analogcomposer.engine.analog.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.analogcomposer.engine.analog.device.DeviceModel;
import io.analogcomposer.engine.analog.device.PulseTarget;
import io.analogcomposer.engine.analog.device.PulsedDeviceArray;
import io.analogcomposer.engine.analog.device.PulsedDeviceParameters;
import io.analogcomposer.engine.random.Rng;
import org.junit.jupiter.api.Test;

/**
 * The tile hands each sample's coincidences to its device array in one call, which draws their noise in bulk. Against
 * the straightforward path (every coincidence applied pulse by pulse, one scalar cycle-to-cycle draw each, through a
 * target that only forwards single pulses): the same weights where the devices have no noise, and the same
 * distribution of weights, device by device over many seeds, where they have.
 */
class PulsedTileBatchedPulsesTest {
    private static final int OUT = 8, IN = 12;

    /** Forwards single pulses only: what the tile did before it batched a sample's pulses. */
    private record OneByOne(PulsedDeviceArray a) implements PulseTarget {
        @Override
        public void pulse(int k, int n, boolean down, Rng rng) {
            for (int i = 0; i < n; i++) {
                a.pulse(k, 1, down, rng);
            }
        }

        @Override
        public float[] weights() {
            return a.weights();
        }

        @Override
        public void setWeights(float[] w, Rng rng) {
            a.setWeights(w, rng);
        }

        @Override
        public void afterUpdate(Rng rng) {
            a.afterUpdate(rng);
        }

        @Override
        public void addDirect(float[] delta, Rng rng) {
            a.addDirect(delta, rng);
        }

        @Override
        public double dwMin() {
            return a.dwMin();
        }
    }

    /** The tile the fast path builds, and the same tile (same devices, same trains) driven pulse by pulse. */
    private static PulsedTile[] pair(PulsedDeviceParameters p, long seed) {
        Rng rng = new Rng(seed);
        PulsedTile fast = new PulsedTile(OUT, IN, p, UpdateParameters.DEFAULT, rng);
        // the tile draws its devices from rng.split(0xDE1): the same devices again, behind the one-by-one target
        PulsedDeviceArray same = PulsedDeviceArray.create(p, OUT, IN, new Rng(seed).split(0xDE1));
        PulsedTile slow = new PulsedTile(OUT, IN, new OneByOne(same), p, UpdateParameters.DEFAULT, new Rng(seed));
        return new PulsedTile[]{fast, slow};
    }

    /** A few batches of fixed inputs and errors of both signs, large enough steps to reach the bounds. */
    private static void train(PulsedTile t, int batches) {
        Rng r = new Rng(5);
        float[] x = new float[4 * IN], d = new float[4 * OUT];
        r.fillUniform(x, 0, x.length, -1f, 1f);
        r.fillUniform(d, 0, d.length, -1f, 1f);
        for (int b = 0; b < batches; b++) {
            t.update(x, d, 4, 0.2);
        }
    }

    @Test
    void withoutNoiseTheWeightsAreThoseOfThePulseByPulsePath() {
        // device-to-device variation, no cycle-to-cycle noise: both paths are deterministic given the trains
        for (DeviceModel model : new DeviceModel[]{DeviceModel.CONSTANT_STEP, DeviceModel.SOFT_BOUNDS,
                DeviceModel.LINEAR_STEP}) {
            PulsedDeviceParameters p = PulsedDeviceParameters.builder(model).dwMin(0.02).wMax(0.3).wMin(-0.3)
                    .dwMinStd(0).build();
            PulsedTile[] t = pair(p, 17);
            train(t[0], 30);
            train(t[1], 30);
            assertThat(t[0].pulseCount()).as("%s: pulses", model).isEqualTo(t[1].pulseCount()).isPositive();
            float[] a = t[0].weights(), b = t[1].weights();
            int atBound = 0;
            for (int k = 0; k < a.length; k++) {
                // a train's sum in one step and its pulses one by one round differently in the last float bits
                assertThat(a[k]).as("%s: w[%d]", model, k).isCloseTo(b[k], within(1e-5f));
                atBound += Math.abs(a[k]) > 0.25f ? 1 : 0;
            }
            assertThat(atBound).as("%s: devices driven to their bounds", model).isPositive();
        }
    }

    @Test
    void withNoiseEachDeviceHasTheDistributionOfThePulseByPulsePath() {
        int seeds = 1500;
        for (DeviceModel model : new DeviceModel[]{DeviceModel.CONSTANT_STEP, DeviceModel.SOFT_BOUNDS}) {
            PulsedDeviceParameters p = PulsedDeviceParameters.builder(model).noVariation().dwMin(0.02).wMax(0.3)
                    .wMin(-0.3).dwMinStd(0.5).build();
            double[][] fast = new double[2][OUT * IN], slow = new double[2][OUT * IN];
            for (int s = 0; s < seeds; s++) {
                PulsedTile[] t = pair(p, 1000 + s);
                train(t[0], 10);
                train(t[1], 10);
                for (int k = 0; k < OUT * IN; k++) {
                    fast[0][k] += t[0].weights()[k];
                    fast[1][k] += t[0].weights()[k] * (double) t[0].weights()[k];
                    slow[0][k] += t[1].weights()[k];
                    slow[1][k] += t[1].weights()[k] * (double) t[1].weights()[k];
                }
            }
            double varFast = 0, varSlow = 0;
            for (int k = 0; k < OUT * IN; k++) {
                double mf = fast[0][k] / seeds, ms = slow[0][k] / seeds;
                double vf = fast[1][k] / seeds - mf * mf, vs = slow[1][k] / seeds - ms * ms;
                double se = Math.sqrt((vf + vs) / seeds);
                assertThat(mf).as("%s: mean of w[%d]", model, k).isCloseTo(ms, within(5 * se + 1e-6));
                varFast += vf;
                varSlow += vs;
            }
            // the spread over seeds (trains and noise) summed over the devices: within 2 % (a device pinned at a bound
            // has almost none, so per-device ratios would be noise)
            assertThat(Math.sqrt(varFast / varSlow)).as("%s: ratio of standard deviations", model)
                    .isCloseTo(1.0, within(0.02));
        }
    }
}
