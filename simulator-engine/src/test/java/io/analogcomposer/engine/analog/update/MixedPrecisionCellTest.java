package io.analogcomposer.engine.analog.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.analogcomposer.engine.analog.device.DeviceModel;
import io.analogcomposer.engine.analog.device.PulsedDeviceParameters;
import io.analogcomposer.engine.analog.io.IOParameters;
import io.analogcomposer.engine.random.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Mixed precision over a compound (AIHWKit's {@code MixedPrecisionPCMPreset}: the digital accumulator's units go to a
 * one-sided pair, raising units to g+, lowering ones to g-, with the pair's refresh after each transfer).
 */
class MixedPrecisionCellTest {
    private static final double DW = 0.01;

    private static PulsedDeviceParameters step() {
        return PulsedDeviceParameters.builder(DeviceModel.CONSTANT_STEP).noVariation().dwMin(DW).wMax(1).wMin(0)
                .resetStd(0).build();
    }

    @Test
    void unitsOfTheAccumulatorPulseThePairsSideOfTheirSign() {
        OneSidedUnitCell pair = new OneSidedUnitCell(List.of(step(), step()), 0, true, 0.75, 0.25,
                IOParameters.PERFECT, UpdateParameters.DEFAULT);
        MixedPrecisionTile t = new MixedPrecisionTile(1, 2, MixedPrecisionCompound.of(pair), UpdateParameters.DEFAULT,
                new Rng(1));
        OneSidedTile cell = (OneSidedTile) t.analogCell();
        // chi += lr d x^T = 0.1 * (-0.35) * [1, -1] = [-0.035, +0.035]: 3 units each, remainder 0.005 stays in chi
        t.update(new float[]{1f, -1f}, new float[]{-0.35f}, 1, 0.1);
        assertThat(cell.plus().weights()[0]).as("raising units go to g+").isCloseTo(0.03f, within(1e-6f));
        assertThat(cell.minus().weights()[1]).as("lowering units go to g-").isCloseTo(0.03f, within(1e-6f));
        assertThat(cell.plus().weights()[1]).isZero();
        assertThat(t.weights()).containsExactly(new float[]{0.03f, -0.03f}, within(1e-6f));
        assertThat(t.chi()).containsExactly(new float[]{-0.005f, 0.005f}, within(1e-6f));
    }

    @Test
    void thePairIsRefreshedAfterTransfersWhenBothSidesSaturate() {
        OneSidedUnitCell pair = new OneSidedUnitCell(List.of(step(), step()), 1, true, 0.75, 0.25,
                IOParameters.PERFECT, UpdateParameters.DEFAULT);
        MixedPrecisionTile t = new MixedPrecisionTile(1, 1, MixedPrecisionCompound.of(pair), UpdateParameters.DEFAULT,
                new Rng(2));
        OneSidedTile cell = (OneSidedTile) t.analogCell();
        cell.plus().setWeights(new float[]{0.8f}, new Rng(0));
        cell.minus().setWeights(new float[]{0.6f}, new Rng(0));
        // one transfer of one unit, then the refresh: g+ 0.81 > 0.75, g- 0.6 > 0.25 → reset both and rewrite the
        // difference 0.21 on g+ (21 pulses, within one train of BL 31)
        t.update(new float[]{1f}, new float[]{-0.1f}, 1, 0.1);
        assertThat(cell.minus().weights()[0]).isCloseTo(0f, within(1e-6f));
        assertThat(t.weights()[0]).as("the weight survives the refresh").isCloseTo(0.21f, within(0.02f));
    }
}
