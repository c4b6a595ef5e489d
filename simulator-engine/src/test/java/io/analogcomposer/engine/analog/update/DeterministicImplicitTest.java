package io.analogcomposer.engine.analog.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.analogcomposer.engine.analog.device.DeviceModel;
import io.analogcomposer.engine.analog.device.PulsedDeviceParameters;
import io.analogcomposer.engine.random.Rng;
import org.junit.jupiter.api.Test;

/**
 * The deterministic implicit pulse type (AIHWKit's {@code DenseBitLineMaker::generateDetImplicit} and
 * {@code generateCoincidencesDetI}): with BL 10 and {@code A = B = sqrt(lr / (dw_min BL)) = 1} (no management), a
 * device receives {@code rint(10 p_d p_x)} pulses, rounding half to even.
 */
class DeterministicImplicitTest {
    private static final double DW = 0.01;
    private static final float[] X = {0.5f, 1.0f, 0.04f};
    private static final float[] D = {0.25f, -0.8f};

    private static PulsedTile tile(double xRes, double dRes, long seed) {
        PulsedDeviceParameters device = PulsedDeviceParameters.builder(DeviceModel.CONSTANT_STEP).noVariation()
                .dwMin(DW).wMax(1).wMin(-1).build();
        UpdateParameters up = new UpdateParameters(10, true, PulseType.DETERMINISTIC_IMPLICIT, false, false, 1.0, xRes,
                dRes);
        return new PulsedTile(2, 3, device, up, new Rng(seed));
    }

    private static void assertWeights(PulsedTile t, double... expected) {
        for (int k = 0; k < expected.length; k++) {
            assertThat(t.weights()[k]).as("w[" + k + "]").isCloseTo((float) expected[k], within(1e-6f));
        }
    }

    @Test
    void aDeviceReceivesTheRoundedProductOfTheTrainFractions() {
        PulsedTile t = tile(0, 0, 1);
        t.update(X, D, 1, 0.1);
        // row 0: rint(2.5 * 0.5) = 1, rint(2.5 * 1) = 2 (half to even), rint(0.1) = 0; x d > 0 lowers the weight
        // row 1: rint(-8 * 0.5) = -4, rint(-8) = -8, rint(-0.32) = 0; x d < 0 raises it
        assertWeights(t, -0.01, -0.02, 0, 0.04, 0.08, 0);
        assertThat(t.pulseCount()).isEqualTo(1 + 2 + 4 + 8);
    }

    @Test
    void theImplicitResolutionsDiscretizeTheFractionsFirst() {
        PulsedTile t = tile(0.3, 0.2, 1);
        t.update(X, D, 1, 0.1);
        // p_x = rint(|x| / 0.3) 0.3 = 0.6, 0.9, 0; p_d = rint(|d| / 0.2) 0.2 = 0.2, 0.8
        // row 0: rint(10 * 0.2 * 0.6) = 1, rint(1.8) = 2; row 1: rint(-4.8) = -5, rint(-7.2) = -7
        assertWeights(t, -0.01, -0.02, 0, 0.05, 0.07, 0);
    }

    @Test
    void thePulsesDoNotDependOnTheRandomStream() {
        PulsedTile a = tile(0, 0, 1), b = tile(0, 0, 99);
        for (int s = 0; s < 5; s++) {
            a.update(X, D, 1, 0.1);
            b.update(X, D, 1, 0.1);
        }
        assertThat(a.weights()).containsExactly(b.weights());
        assertWeights(a, -0.05, -0.10, 0, 0.20, 0.40, 0);
    }

    @Test
    void fractionsAreClippedToTheWholeTrain() {
        assertThat(PulsedTile.implicitFraction(-3f, 0.5, 0)).isEqualTo(-1.0);
        assertThat(PulsedTile.implicitFraction(0.25f, 0.5, 0.1)).isCloseTo(0.1, within(1e-12)); // rint(1.25) = 1
    }
}
