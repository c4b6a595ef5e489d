package io.analogcomposer.engine.analog.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.engine.random.Rng;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A train of {@code n} pulses drawn as one sum ({@link PulsedDeviceArray#train}) has the distribution of the same
 * {@code n} pulses applied one by one with their own cycle-to-cycle draws: mean within five standard errors and
 * standard deviation within 4 % (about five standard errors at 20,000 devices), for each model that draws trains
 * whole, going up and down, far from and close to the bounds. A wrong fixed point, a missing {@code c^n} or a variance
 * without its geometric sum fails by far more (checked: without the geometric factor {@code (1 - c^2n) / (1 - c²)} of the
 * additive soft-bounds train its standard deviation is 20 % too large at n = 20 and the test fails).
 */
class PulseTrainTest {
    private static final int DEVICES = 20_000;

    static Stream<Arguments> trains() {
        var constant = PulsedDeviceParameters.builder(DeviceModel.CONSTANT_STEP).noVariation().dwMin(0.01)
                .dwMinStd(0.3).build();
        // ReRamSB's additive noise (dw_min_std 3.75) and soft bounds, steps large enough that c^n matters
        var softAdditive = PulsedDeviceParameters.builder(DeviceModel.SOFT_BOUNDS).noVariation().dwMin(0.02)
                .wMax(1.0).wMin(-1.0).multNoise(false).dwMinStd(0.5).build();
        var softMult = PulsedDeviceParameters.builder(DeviceModel.SOFT_BOUNDS).noVariation().dwMin(0.03).wMax(1.0)
                .wMin(-1.0).multNoise(true).dwMinStd(0.5).build();
        var linear = PulsedDeviceParameters.builder(DeviceModel.LINEAR_STEP).noVariation().dwMin(0.01).wMax(1.0)
                .wMin(-1.0).gammaUp(0.5).gammaDown(0.8).dwMinStd(0.3).build();
        var reRamSb = DevicePresets.get("ReRamSB"); // with its device-to-device variation and reference
        return Stream.of(Arguments.of("constant step", constant, 0.0f, 30, true),
                Arguments.of("constant step reaching w_max", constant, 0.57f, 3, false),
                Arguments.of("soft bounds, additive noise", softAdditive, 0.1f, 20, true),
                Arguments.of("soft bounds, additive noise, near w_max", softAdditive, 0.9f, 10, false),
                Arguments.of("soft bounds, multiplicative noise", softMult, -0.2f, 15, true),
                Arguments.of("linear step", linear, 0.3f, 25, true),
                Arguments.of("ReRamSB preset", reRamSb, 0.0f, 31, true),
                Arguments.of("ReRamSB preset, 3 pulses", reRamSb, 0.4f, 3, true));
    }

    @ParameterizedTest(name = "{0}, {3} pulses")
    @MethodSource("trains")
    void aTrainDrawnWholeHasTheDistributionOfItsPulses(String name, PulsedDeviceParameters p, float start, int n,
            boolean drawnWhole) {
        for (boolean down : new boolean[]{false, true}) {
            double[] whole = finals(p, start, n, down, false);
            double[] oneByOne = finals(p, start, n, down, true);
            // a train drawn whole takes about one normal value, one pulse at a time takes n
            assertThat(whole[2] < oneByOne[2] / 2).as("%s: drawn as one sum", name).isEqualTo(drawnWhole);
            double se = Math.sqrt((whole[1] * whole[1] + oneByOne[1] * oneByOne[1]) / DEVICES);
            String dir = down ? "down" : "up";
            assertThat(whole[0]).as("%s %s: mean after %d pulses", name, dir, n).isCloseTo(oneByOne[0],
                    org.assertj.core.data.Offset.offset(5 * se + 1e-6));
            assertThat(whole[1]).as("%s %s: standard deviation after %d pulses", name, dir, n)
                    .isCloseTo(oneByOne[1], org.assertj.core.data.Percentage.withPercentage(4));
        }
    }

    /** Mean and standard deviation over the devices after {@code n} pulses from {@code start}, and the draws used. */
    private static double[] finals(PulsedDeviceParameters p, float start, int n, boolean down, boolean oneByOne) {
        PulsedDeviceArray a = PulsedDeviceArray.create(p, 1, DEVICES, new Rng(11));
        float[] w = new float[DEVICES];
        java.util.Arrays.fill(w, start);
        a.setWeights(w, new Rng(12));
        Rng rng = new Rng(oneByOne ? 13 : 14);
        for (int k = 0; k < DEVICES; k++) {
            if (oneByOne) {
                for (int i = 0; i < n; i++) {
                    a.pulse(k, 1, down, rng);
                }
            } else {
                a.pulse(k, n, down, rng);
            }
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
        return new double[]{mean, Math.sqrt(sq / (DEVICES - 1)), rng.position()};
    }
}
