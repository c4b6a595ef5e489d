package io.analogcomposer.engine.analog.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.engine.random.Rng;
import java.util.Arrays;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A sample's pulses handed over in one call ({@link PulsedDeviceArray#pulses}, noise drawn in bulk) leave the devices
 * in the distribution of the same pulses applied one at a time, each with its own scalar cycle-to-cycle draw: mean
 * within five standard errors and standard deviation within 4 % over 20,000 devices, for single pulses (their bulk
 * value is the pulse's own draw), short and long trains, up and down, far from and against the bounds, and with
 * device-to-device variation (each device keeps its own step and bounds).
 */
class BatchedPulsesTest {
    private static final int DEVICES = 20_000;

    static Stream<Arguments> cases() {
        var constant = PulsedDeviceParameters.builder(DeviceModel.CONSTANT_STEP).noVariation().dwMin(0.01)
                .dwMinStd(0.3).build();
        var constantVaried = PulsedDeviceParameters.builder(DeviceModel.CONSTANT_STEP).dwMin(0.01).dwMinStd(0.3)
                .build();
        var softAdditive = PulsedDeviceParameters.builder(DeviceModel.SOFT_BOUNDS).noVariation().dwMin(0.02)
                .wMax(1.0).wMin(-1.0).multNoise(false).dwMinStd(0.5).build();
        var softMult = PulsedDeviceParameters.builder(DeviceModel.SOFT_BOUNDS).noVariation().dwMin(0.03).wMax(1.0)
                .wMin(-1.0).multNoise(true).dwMinStd(0.5).build();
        var linear = PulsedDeviceParameters.builder(DeviceModel.LINEAR_STEP).noVariation().dwMin(0.01).wMax(1.0)
                .wMin(-1.0).gammaUp(0.5).gammaDown(0.8).dwMinStd(0.3).build();
        var reRamSb = DevicePresets.get("ReRamSB");
        var pcm = DevicePresets.get("PCM"); // exp step: pulse by pulse through the default
        return Stream.of(Arguments.of("constant step", constant, 0.0f, 1),
                Arguments.of("constant step", constant, 0.0f, 2),
                Arguments.of("constant step", constant, 0.2f, 7),
                Arguments.of("constant step against w_max", constant, 0.59f, 1),
                Arguments.of("constant step reaching w_max", constant, 0.57f, 4),
                Arguments.of("constant step with variation", constantVaried, 0.1f, 2),
                Arguments.of("soft bounds, additive noise", softAdditive, 0.1f, 1),
                Arguments.of("soft bounds, additive noise", softAdditive, 0.1f, 20),
                Arguments.of("soft bounds, additive noise, near w_max", softAdditive, 0.97f, 2),
                Arguments.of("soft bounds, multiplicative noise", softMult, -0.2f, 1),
                Arguments.of("soft bounds, multiplicative noise", softMult, -0.2f, 15),
                Arguments.of("linear step", linear, 0.3f, 1),
                Arguments.of("linear step", linear, 0.3f, 25),
                Arguments.of("ReRamSB preset", reRamSb, 0.0f, 1),
                Arguments.of("ReRamSB preset", reRamSb, 0.4f, 3),
                Arguments.of("PCM preset", pcm, 0.0f, 2));
    }

    @ParameterizedTest(name = "{0}, {3} pulses")
    @MethodSource("cases")
    void aSamplesPulsesInOneCallMatchPulsesOneByOne(String name, PulsedDeviceParameters p, float start, int n) {
        for (boolean down : new boolean[]{false, true}) {
            double[] batched = finals(p, start, n, down, false);
            double[] oneByOne = finals(p, start, n, down, true);
            double se = Math.sqrt((batched[1] * batched[1] + oneByOne[1] * oneByOne[1]) / DEVICES);
            String dir = down ? "down" : "up";
            assertThat(batched[0]).as("%s %s: mean after %d pulses", name, dir, n).isCloseTo(oneByOne[0],
                    Offset.offset(5 * se + 1e-6));
            assertThat(batched[1]).as("%s %s: standard deviation after %d pulses", name, dir, n)
                    .isCloseTo(oneByOne[1], Percentage.withPercentage(4));
        }
    }

    /** Mean and standard deviation over the devices after {@code n} pulses from {@code start}. */
    private static double[] finals(PulsedDeviceParameters p, float start, int n, boolean down, boolean oneByOne) {
        PulsedDeviceArray a = PulsedDeviceArray.create(p, 1, DEVICES, new Rng(11));
        float[] w = new float[DEVICES];
        Arrays.fill(w, start);
        a.setWeights(w, new Rng(12));
        Rng rng = new Rng(oneByOne ? 13 : 14);
        if (oneByOne) {
            for (int k = 0; k < DEVICES; k++) {
                for (int i = 0; i < n; i++) {
                    a.pulse(k, 1, down, rng);
                }
            }
        } else {
            int[] k = new int[DEVICES], c = new int[DEVICES];
            for (int e = 0; e < DEVICES; e++) {
                k[e] = e;
                c[e] = down ? -n : n;
            }
            a.pulses(k, c, DEVICES, rng);
        }
        float[] s = a.state();
        double sum = 0, sq = 0;
        for (float v : s) {
            sum += v;
        }
        double mean = sum / DEVICES;
        for (float v : s) {
            sq += (v - mean) * (v - mean);
        }
        return new double[]{mean, Math.sqrt(sq / (DEVICES - 1))};
    }

    /**
     * Samples of a few dozen pulses share one pool of normal values (drawn in bulk, emptied at the mini-batch's end):
     * calls of 37 cross-points, a batch end every 1,000, give the states and the visible weights (write noise drawn
     * from the same pool) of the pulse-by-pulse path, and no value serves two devices (increments of devices one call
     * apart are uncorrelated).
     */
    @org.junit.jupiter.api.Test
    void smallCallsShareThePoolWithoutReusingValues() {
        var reRamSb = DevicePresets.get("ReRamSB"); // soft bounds with write noise: two values per pulsed device
        var constant = PulsedDeviceParameters.builder(DeviceModel.CONSTANT_STEP).noVariation().dwMin(0.01)
                .dwMinStd(0.3).writeNoiseStd(2).build();
        for (var p : new PulsedDeviceParameters[]{reRamSb, constant}) {
            double[][] batched = smallCalls(p, false), oneByOne = smallCalls(p, true);
            for (int view = 0; view < 2; view++) {
                String what = (view == 0 ? "state" : "visible weight") + " of " + p.model();
                double se = Math.sqrt((batched[view][1] * batched[view][1] + oneByOne[view][1] * oneByOne[view][1])
                        / DEVICES);
                assertThat(batched[view][0]).as("%s: mean", what).isCloseTo(oneByOne[view][0],
                        Offset.offset(5 * se + 1e-6));
                assertThat(batched[view][1]).as("%s: standard deviation", what).isCloseTo(oneByOne[view][1],
                        Percentage.withPercentage(4));
            }
            assertThat(Math.abs(batched[2][0])).as("correlation of devices 37 apart, %s", p.model())
                    .isLessThan(5 / Math.sqrt(DEVICES));
        }
    }

    /** {mean, sd} of the states, of the visible weights, and {correlation of devices 37 apart}, after 2 pulses up. */
    private static double[][] smallCalls(PulsedDeviceParameters p, boolean oneByOne) {
        PulsedDeviceArray a = PulsedDeviceArray.create(p, 1, DEVICES, new Rng(21));
        a.setWeights(new float[DEVICES], new Rng(22));
        float[] before = a.state().clone();
        Rng rng = new Rng(oneByOne ? 23 : 24);
        int call = 37;
        int[] k = new int[call], c = new int[call];
        for (int from = 0; from < DEVICES; from += call) {
            int m = Math.min(call, DEVICES - from);
            for (int e = 0; e < m; e++) {
                if (oneByOne) {
                    a.pulse(from + e, 1, false, rng);
                    a.pulse(from + e, 1, false, rng);
                }
                k[e] = from + e;
                c[e] = 2;
            }
            if (!oneByOne) {
                a.pulses(k, c, m, rng);
            }
            if ((from / call) % 27 == 26) {
                a.afterUpdate(rng); // a mini-batch's end empties the pool
            }
        }
        double[] inc = new double[DEVICES];
        for (int i = 0; i < DEVICES; i++) {
            inc[i] = a.state()[i] - before[i];
        }
        double cov = 0, var = 0, mean = Arrays.stream(inc).average().orElse(0);
        for (int i = 0; i + call < DEVICES; i++) {
            cov += (inc[i] - mean) * (inc[i + call] - mean);
            var += (inc[i] - mean) * (inc[i] - mean);
        }
        return new double[][]{moments(a.state()), moments(a.weights()), {cov / var}};
    }

    private static double[] moments(float[] s) {
        double sum = 0, sq = 0;
        for (float v : s) {
            sum += v;
        }
        double mean = sum / s.length;
        for (float v : s) {
            sq += (v - mean) * (v - mean);
        }
        return new double[]{mean, Math.sqrt(sq / (s.length - 1))};
    }
}
