package io.analogcomposer.engine.analog.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.analogcomposer.engine.analog.device.DeviceModel;
import io.analogcomposer.engine.analog.device.PulsedDeviceParameters;
import io.analogcomposer.engine.random.Rng;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Vector and reference unit cells (AIHWKit's {@code VectorRPUDevice}) on noise-free devices with deterministic implicit
 * pulses (BL 10, A = B = 1): each sample gives {@code rint(10 · 0.5 · 0.5)} = 2 pulses of 0.01 to the device(s) the
 * policy picks.
 */
class VectorTileTest {
    private static final UpdateParameters DET = new UpdateParameters(10, true, PulseType.DETERMINISTIC_IMPLICIT,
            false, false, 1.0);
    private static final float[] X = {0.5f}, D = {-0.5f}; // raises the weight by 2 pulses

    private static List<PulsedDeviceParameters> devices(int n) {
        return Collections.nCopies(n, PulsedDeviceParameters.builder(DeviceModel.CONSTANT_STEP).noVariation()
                .dwMin(0.01).wMax(1).wMin(-1).build());
    }

    @Test
    void policyAllPulsesEveryDeviceAndTheWeightIsTheirAverage() {
        VectorTile t = new VectorTile(1, 1, VectorUnitCell.of(devices(3)), DET, new Rng(1));
        t.update(X, D, 1, 0.1);
        for (int k = 0; k < 3; k++) {
            assertThat(t.device(k).weights()[0]).isCloseTo(0.02f, within(1e-6f));
        }
        assertThat(t.weights()[0]).isCloseTo(0.02f, within(1e-6f));
    }

    @Test
    void sequentialPolicyMovesToTheNextDeviceBeforeEachSample() {
        VectorUnitCell cell = VectorUnitCell.of(devices(3)).withPolicy(VectorUnitCell.Policy.SINGLE_SEQUENTIAL);
        VectorTile t = new VectorTile(1, 1, cell, DET, new Rng(1));
        t.update(new float[]{0.5f, 0.5f}, new float[]{-0.5f, -0.5f}, 2, 0.1); // devices 1 then 2
        assertThat(t.device(0).weights()[0]).isZero();
        assertThat(t.device(1).weights()[0]).isCloseTo(0.02f, within(1e-6f));
        assertThat(t.device(2).weights()[0]).isCloseTo(0.02f, within(1e-6f));
        assertThat(t.weights()[0]).isCloseTo(0.04f / 3, within(1e-6f));
    }

    @Test
    void randomPolicySpreadsTheSamplesEvenly() {
        VectorUnitCell cell = VectorUnitCell.of(devices(4)).withPolicy(VectorUnitCell.Policy.SINGLE_RANDOM);
        VectorTile t = new VectorTile(1, 1, cell, DET, new Rng(7));
        int samples = 100; // 0.5 per device on average, far from the bound 1
        for (int s = 0; s < samples; s++) {
            t.update(X, D, 1, 0.1);
        }
        double total = 0;
        for (int k = 0; k < 4; k++) {
            double share = t.device(k).weights()[0] / 0.02 / samples; // samples taken by device k
            total += share;
            // binomial(100, 1/4): 4 standard deviations of the share
            assertThat(share).isCloseTo(0.25, within(4 * Math.sqrt(0.25 * 0.75 / samples)));
        }
        assertThat(total).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void aReferenceCellUpdatesOnlyItsFirstDeviceAndSubtractsTheReference() {
        VectorTile t = new VectorTile(1, 2, VectorUnitCell.reference(devices(2)), DET, new Rng(3));
        t.device(1).setWeights(new float[]{0.1f, -0.3f}, new Rng(0));
        t.setWeights(new float[]{0.5f, 0.5f}); // programs device 0 only (single_fixed)
        assertThat(t.weights()).containsExactly(0.4f, 0.8f);
        t.update(new float[]{0.5f, 0f}, D, 1, 0.1);
        assertThat(t.device(0).weights()[0]).isCloseTo(0.52f, within(1e-6f));
        assertThat(t.device(1).weights()[0]).as("the reference is never pulsed").isCloseTo(0.1f, within(1e-6f));
        assertThat(t.weights()[0]).isCloseTo(0.42f, within(1e-6f));
    }
}
