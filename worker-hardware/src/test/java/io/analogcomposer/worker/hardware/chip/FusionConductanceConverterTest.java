package io.analogcomposer.worker.hardware.chip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.analogcomposer.worker.hardware.chip.FusionConductanceConverter.Readback;

class FusionConductanceConverterTest {

    private static float[] randomWeights(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) random.nextDouble(-0.8, 0.8);
        }
        return w;
    }

    @Test
    void eachRowsLargestWeightMapsToGMaxAndTheSignStaysWithTheClient() {
        float[] weights = {0.5f, -1.0f, 0.25f, /* row 2 */ 0.1f, 0.2f, -0.05f};
        ConductanceTargets targets = new FusionConductanceConverter(25, Readback.PROGRAMMING_SCALE)
                .toConductances("fc", weights, 2, 3);
        assertThat(targets.conductancesUs()).containsExactly(12.5f, 25f, 6.25f, 12.5f, 25f, 6.25f);
        assertThat(targets.negative()).containsExactly(false, true, false, false, false, true);
        assertThat(targets.rowScales()).containsExactly(25f, 125f);
    }

    @Test
    void exactConductancesGiveBackTheWeightsWithEitherReadback() {
        float[] weights = randomWeights(64 * 32, 5);
        for (Readback readback : Readback.values()) {
            FusionConductanceConverter converter = new FusionConductanceConverter(40, readback);
            ConductanceTargets targets = converter.toConductances("fc", weights, 64, 32);
            float[] back = converter.toWeights(targets, targets.conductancesUs());
            for (int i = 0; i < weights.length; i++) {
                assertThat(back[i]).as("%s weight %d", readback, i).isCloseTo(weights[i], within(1e-5f));
            }
        }
    }

    @Test
    void leastSquaresReadbackAbsorbsACommonDriftOfARow() {
        float[] weights = randomWeights(16 * 100, 9);
        ConductanceTargets targets = FusionConductanceConverter.DEFAULT.toConductances("fc", weights, 16, 100);
        float[] drifted = targets.conductancesUs().clone();
        for (int i = 0; i < drifted.length; i++) {
            drifted[i] *= 0.7f;
        }
        float[] fitted = FusionConductanceConverter.DEFAULT.toWeights(targets, drifted);
        float[] scaled = new FusionConductanceConverter(40, Readback.PROGRAMMING_SCALE).toWeights(targets, drifted);
        assertThat(fitted[3]).isCloseTo(weights[3], within(1e-5f));
        assertThat(scaled[3]).isCloseTo(0.7f * weights[3], within(1e-5f));
    }

    @Test
    void gMaxOutsideTheFusionRangeIsRefusedWithTheRange() {
        assertThatThrownBy(() -> new FusionConductanceConverter(45, Readback.LEAST_SQUARES))
                .hasMessageContaining("g_max_us is 45.0, allowed 10.0..40.0 µS");
        assertThatThrownBy(() -> new FusionConductanceConverter(5, Readback.LEAST_SQUARES))
                .hasMessageContaining("allowed 10.0..40.0");
    }

    @Test
    void anAllZeroRowStaysAtZeroConductance() {
        ConductanceTargets targets = FusionConductanceConverter.DEFAULT.toConductances("fc", new float[4], 2, 2);
        assertThat(targets.conductancesUs()).containsOnly(0f);
        assertThat(FusionConductanceConverter.DEFAULT.toWeights(targets, new float[4])).containsOnly(0f);
    }

    @Test
    void shapeMismatchNamesTheLayer() {
        assertThatThrownBy(() -> FusionConductanceConverter.DEFAULT.toConductances("conv1", new float[5], 2, 3))
                .hasMessageContaining("layer conv1: 2×3 = 6 weights expected, got 5");
    }
}
