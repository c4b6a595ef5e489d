package io.analogcomposer.engine.analog.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.analogcomposer.engine.analog.device.DeviceModel;
import io.analogcomposer.engine.analog.device.PulsedDeviceParameters;
import io.analogcomposer.engine.analog.io.IOParameters;
import io.analogcomposer.engine.random.Rng;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * c-TTv2 and AGAD against AIHWKit's C++ semantics, on noise-free devices with an exact read and an exact update of
 * A (pulse type none) so every step can be computed by hand: A += count_lr d x^T (chopped), H += read · lr / dw_min,
 * one pulse of C's dw_min per whole unit of H.
 */
class ChoppedTransferTileTest {
    private static final double DW = 0.01;

    private static PulsedDeviceParameters device() {
        return PulsedDeviceParameters.builder(DeviceModel.CONSTANT_STEP).noVariation().dwMin(DW).wMax(1).wMin(-1)
                .build();
    }

    /** fast_lr 0.05 (not scaled), transfer lr 1 (not scaled), one column per sample, exact reads. */
    private static ChoppedTransferCompound compound(double inChopProb, boolean random, boolean dynamic) {
        ChoppedTransferCompound d = dynamic
                ? ChoppedTransferCompound.dynamic(device(), device())
                : ChoppedTransferCompound.chopped(device(), device());
        return new ChoppedTransferCompound(d.unitCellDevices(), 0, 1, false, 0.05, 1.0, false, false,
                IOParameters.PERFECT, d.transferUpdate(), 1, 0, true, inChopProb, random, 0, 1, 0, false, false,
                0.99, false, d.dynamic());
    }

    private static final UpdateParameters EXACT = UpdateParameters.DEFAULT.withPulseType(PulseType.NONE);

    @Test
    void theChopperFlipsTheSignOfTheAccumulationAndTheTransferRestoresIt() {
        // regular chopper with in_chop_prob 0.5: the sign switches after every second pass
        ChoppedTransferTile t = new ChoppedTransferTile(1, 1, compound(0.5, false, false), EXACT, new Rng(1));
        float[] x = {1f}, d = {-1f}; // the gradient asks W to grow by count_lr = 0.05 per sample
        List<Double> a = new ArrayList<>(), c = new ArrayList<>();
        List<Boolean> chop = new ArrayList<>();
        for (int s = 0; s < 8; s++) {
            chop.add(t.inChopper(0));
            t.update(x, d, 1, 0.1);
            a.add((double) t.fastTile().weights()[0]);
            c.add((double) t.weights()[0]);
        }
        assertThat(chop).containsExactly(false, false, true, true, false, false, true, true);
        // chopped accumulation: A rises in the + phase and falls in the - phase of the same gradient
        double[] expectedA = {0.05, 0.10, 0.05, 0.0, 0.05, 0.10, 0.05, 0.0};
        // H = ±A / dw_min: ±5 and ±10 write one unit (transfer BL 1) with the chopper's sign; 0 writes nothing
        double[] expectedC = {0.01, 0.02, 0.01, 0.01, 0.02, 0.03, 0.02, 0.02};
        for (int s = 0; s < 8; s++) {
            assertThat(a.get(s)).as("A after sample " + (s + 1)).isCloseTo(expectedA[s], within(1e-6));
            assertThat(c.get(s)).as("C after sample " + (s + 1)).isCloseTo(expectedC[s], within(1e-6));
        }
    }

    @Test
    void withoutChopperTheSameGradientSaturatesTheFastDevice() {
        ChoppedTransferTile t = new ChoppedTransferTile(1, 1, compound(0, true, false), EXACT, new Rng(1));
        for (int s = 0; s < 30; s++) {
            t.update(new float[]{1f}, new float[]{-1f}, 1, 0.1);
        }
        assertThat(t.fastTile().weights()[0]).as("A at its bound").isCloseTo(1f, within(1e-6f));
        assertThat(t.weights()[0]).as("one unit per read").isCloseTo(0.30f, within(1e-6f));
        assertThat(t.inChopper(0)).isFalse();
    }

    @Test
    void autoScaleSetsTheFastRateFromTheRunningAbsoluteMaxima() {
        ChoppedTransferCompound base = compound(0, true, false);
        ChoppedTransferCompound auto = base.withPreset(IOParameters.PERFECT, 0.5, 0, true, 0);
        ChoppedTransferTile t = new ChoppedTransferTile(1, 1, auto, EXACT, new Rng(2));
        // first sample seeds m_x = 1, m_d = 0.5: count_lr = fast_lr BL dw_min / (m_x m_d) = 0.5 * 31 * 0.01 / 0.5
        t.update(new float[]{1f}, new float[]{-0.5f}, 1, 0.1);
        double lr1 = 0.5 * 31 * DW / 0.5;
        assertThat(t.fastTile().weights()[0]).isCloseTo((float) (lr1 * 0.5), within(1e-6f));
        // second sample: m_x = 0.99 * 1 + 0.01 * 2 (auto_momentum 0.99, batch 1), m_d stays 0.5
        t.update(new float[]{2f}, new float[]{-0.5f}, 1, 0.1);
        double lr2 = 0.5 * 31 * DW / (1.01 * 0.5);
        assertThat(t.fastTile().weights()[0]).isCloseTo((float) (lr1 * 0.5 + lr2 * 2 * 0.5), within(1e-5f));
    }

    @Test
    void autoGranularityScalesTheBufferThresholdByThePassLength() {
        ChoppedTransferCompound c = compound(0, true, false).withPreset(IOParameters.PERFECT, 0.05, 0, false, 1000);
        ChoppedTransferTile t = new ChoppedTransferTile(3, 40, c, EXACT, new Rng(3));
        // dw_min * auto_granularity / (in_size * transfer_every) = 0.01 * 1000 / 40
        assertThat(t.bufferGranularity()).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void agadTracksTheFastDevicesOffsetAsReferenceAndDoesNotTransferIt() {
        // A holds a constant offset and sees no gradient; in_chop_prob 0.5 → switch every 2 passes, tail 5 → the
        // running mean follows each read exactly (momentum min(5 / 2, 1) = 1)
        ChoppedTransferTile agad = new ChoppedTransferTile(2, 1, compound(0.5, false, true), EXACT, new Rng(4));
        ChoppedTransferTile chopped = new ChoppedTransferTile(2, 1, compound(0.5, false, false), EXACT, new Rng(4));
        for (ChoppedTransferTile t : List.of(agad, chopped)) {
            t.fastTile().setWeights(new float[]{0.3f, -0.2f});
        }
        float[] x = {1f}, d = {0f, 0f};
        for (int s = 0; s < 12; s++) {
            agad.update(x, d, 1, 0.1);
            chopped.update(x, d, 1, 0.1);
        }
        assertThat(agad.reference(0)).as("reference = A's offset after the first switch").isCloseTo(0.3f,
                within(1e-6f));
        assertThat(agad.reference(1)).isCloseTo(-0.2f, within(1e-6f));
        assertThat(agad.weights()).as("AGAD: the offset never reaches C").containsExactly(0f, 0f);
        assertThat(agad.slowTile().pulseCount()).isZero();
        // c-TTv2 transfers the offset with the chopper's alternating sign: writes happen and cancel pairwise
        assertThat(chopped.slowTile().pulseCount()).isGreaterThan(0);
    }

    @Test
    void agadTransfersTheGradientOnTopOfTheOffset() {
        ChoppedTransferTile agad = new ChoppedTransferTile(1, 1, compound(0.5, false, true), EXACT, new Rng(5));
        agad.fastTile().setWeights(new float[]{0.3f});
        for (int s = 0; s < 40; s++) {
            agad.update(new float[]{1f}, new float[]{-0.2f}, 1, 0.1); // A moves by ±0.01 per sample
        }
        assertThat(agad.weights()[0]).as("C follows the gradient's sign").isGreaterThan(0.05f);
    }
}
