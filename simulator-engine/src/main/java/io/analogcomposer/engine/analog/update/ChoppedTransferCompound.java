package io.analogcomposer.engine.analog.update;

import io.analogcomposer.engine.analog.device.PulsedDeviceParameters;
import io.analogcomposer.engine.analog.io.IOParameters;
import java.util.List;

/**
 * c-TTv2 (AIHWKit's {@code ChoppedTransferCompound}, format {@code type: chopped_transfer}) and, with
 * {@link #dynamic()} set, AGAD ({@code DynamicTransferCompound}, {@code type: dynamic_transfer}). Gradients are pulsed
 * onto the fast device A through sign choppers (one per input, one per output): A accumulates
 * {@code c_in[j] c_out[i] · grad}. Every {@code transfer_every} updates one column of A is read
 * ({@code transfer_forward}), multiplied by the same chopper signs (which restores the gradient's sign and turns A's
 * own drift into a term that averages out), scaled and added to a digital buffer H; whole units of H are written to
 * the slow device C with {@code transfer_update}. The input chopper of the read column switches with probability
 * {@code in_chop_prob} (or regularly every {@code ceil(1 / in_chop_prob)} full passes).
 *
 * @param unitCellDevices the fast device A then the slow device C (exactly two)
 * @param gamma weight of A in the visible weight (0: only C is seen)
 * @param transferEvery transfer period in updates (mini-batches with units_in_mbatch, else single samples), ≥ 1
 * @param unitsInMbatch count transfer_every in mini-batches instead of samples
 * @param fastLr learning rate of the pulses onto A (see {@code auto_scale})
 * @param transferLr learning rate of the transfer (times the SGD rate with scale_transfer_lr)
 * @param scaleTransferLr multiply transfer_lr by the current SGD rate
 * @param scaleFastLr multiply the rate onto A by the current SGD rate
 * @param transferForward IO parameters of the column reads
 * @param transferUpdate pulse settings of the writes onto C (its BL caps the units written per element)
 * @param step value written per unit, in units of C's dw_min
 * @param momentum fraction of the buffer kept after a write (forget_buffer) or of the written units not subtracted
 * @param forgetBuffer after a write keep {@code momentum · H} instead of subtracting the written units
 * @param inChopProb probability (or frequency) of switching an input chopper per read; 0 = no chopper
 * @param inChopRandom switch at random (else regularly every {@code max(ceil(1/in_chop_prob), 2)} passes)
 * @param outChopProb probability of switching each output chopper after a full pass
 * @param bufferGranularity buffer threshold in units of A's dw_min (0 means 1)
 * @param autoGranularity scale the threshold by {@code auto_granularity / (in_size · transfer_every)} (0 = off)
 * @param noBuffer transfer the read directly (H is not kept between reads)
 * @param autoScale rate onto A {@code fast_lr · BL · dw_min / (m_x m_d)} with running abs-max averages m_x, m_d
 * @param autoMomentum momentum of m_x and m_d
 * @param correctGradientMagnitudes divide the transfer scale by the rate onto A (in units of C's dw_min)
 * @param dynamic AGAD's reference tracking, or null for c-TTv2
 */
public record ChoppedTransferCompound(List<PulsedDeviceParameters> unitCellDevices, double gamma, double transferEvery,
        boolean unitsInMbatch, double fastLr, double transferLr, boolean scaleTransferLr, boolean scaleFastLr,
        IOParameters transferForward, UpdateParameters transferUpdate, double step, double momentum,
        boolean forgetBuffer, double inChopProb, boolean inChopRandom, double outChopProb, double bufferGranularity,
        double autoGranularity, boolean noBuffer, boolean autoScale, double autoMomentum,
        boolean correctGradientMagnitudes, DynamicTransfer dynamic) {

    /**
     * AGAD's additions (AIHWKit's {@code DynamicTransferCompound}): the buffer integrates the read minus a reference
     * {@code mu}, the read's running mean frozen at each chopper switch, so a fast device that is not at its
     * symmetry point does not leak its offset into C; writes start after the first {@code n} passes.
     *
     * @param tailWeightening weight of the recent reads in the running mean: momentum {@code min(tail / n, 1)},
     *            {@code n = max(ceil(1 / in_chop_prob), 2)}
     * @param bufferCap cap of |H| in units of the transfer BL when the buffer is not forgotten (0 = none)
     * @param correctAccumulation divide the transfer scale by the samples since the last switch
     */
    public record DynamicTransfer(double tailWeightening, double bufferCap, boolean correctAccumulation) {
        /** Validates; throws naming the field. */
        public DynamicTransfer {
            if (!(tailWeightening >= 0) || !(bufferCap >= 0)) {
                throw new IllegalArgumentException(
                        "dynamic_transfer.tail_weightening and buffer_cap must be >= 0, got " + tailWeightening + ", "
                                + bufferCap);
            }
        }
    }

    /** Validates; throws naming the field and its allowed range. */
    public ChoppedTransferCompound {
        unitCellDevices = List.copyOf(unitCellDevices);
        String t = dynamic == null ? "chopped_transfer" : "dynamic_transfer";
        if (unitCellDevices.size() != 2) {
            throw new IllegalArgumentException(
                    t + ".unit_cell_devices must hold exactly 2 devices (fast, slow), got " + unitCellDevices.size());
        }
        if (!(transferEvery >= 1)) {
            throw new IllegalArgumentException(t + ".transfer_every must be >= 1, got " + transferEvery);
        }
        if (!(fastLr >= 0) || !(transferLr >= 0)) {
            throw new IllegalArgumentException(t + ".fast_lr and transfer_lr must be >= 0");
        }
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException(t + ".momentum must be in [0, 1], got " + momentum);
        }
        if (!(inChopProb >= 0 && inChopProb <= 1) || !(outChopProb >= 0 && outChopProb <= 1)) {
            throw new IllegalArgumentException(t + ".in_chop_prob and out_chop_prob must be in [0, 1]");
        }
        if (!(step > 0) || !(bufferGranularity >= 0) || !(autoGranularity >= 0)) {
            throw new IllegalArgumentException(
                    t + ": step > 0, buffer_granularity >= 0 and auto_granularity >= 0 required");
        }
        if (!(autoMomentum >= 0 && autoMomentum <= 1)) {
            throw new IllegalArgumentException(t + ".auto_momentum must be in [0, 1], got " + autoMomentum);
        }
        if (transferForward == null || transferUpdate == null) {
            throw new IllegalArgumentException(t + ": transfer_forward and transfer_update are required");
        }
    }

    /** AIHWKit's {@code ChoppedTransferCompound} defaults with the given devices. */
    public static ChoppedTransferCompound chopped(PulsedDeviceParameters fast, PulsedDeviceParameters slow) {
        return new ChoppedTransferCompound(List.of(fast, slow), 0.0, 1.0, false, 1.0, 1.0, true, false,
                IOParameters.DEFAULT, bl1Update(), 1.0, 0.0, true, 0.1, true, 0.0, 1.0, 0.0, false, false, 0.99, false,
                null);
    }

    /** AIHWKit's {@code DynamicTransferCompound} defaults with the given devices. */
    public static ChoppedTransferCompound dynamic(PulsedDeviceParameters fast, PulsedDeviceParameters slow) {
        return new ChoppedTransferCompound(List.of(fast, slow), 0.0, 1.0, false, 1.0, 1.0, true, false,
                IOParameters.DEFAULT, bl1Update(), 1.0, 0.0, true, 0.1, false, 0.0, 1.0, 0.0, false, false, 0.99,
                false, new DynamicTransfer(5.0, 0.0, false));
    }

    /** One pulse slot, no management: each write moves an element by at most one pulse. */
    static UpdateParameters bl1Update() {
        return new UpdateParameters(1, true, PulseType.STOCHASTIC_COMPRESSED, false, false, 1.0);
    }

    /** Input-chopper period of the regular (non-random) chopper and of AGAD's reference: {@code max(ceil(1/p), 2)}. */
    public int inChopSamples() {
        return inChopProb > 0 ? Math.max((int) Math.ceil(1.0 / inChopProb), 2) : 2;
    }

    /** A copy with the preset knobs of AIHWKit's TTv2/c-TTv2/AGAD presets. */
    public ChoppedTransferCompound withPreset(IOParameters read, double fast, double chopProb, boolean auto,
            double granularity) {
        return new ChoppedTransferCompound(unitCellDevices, gamma, transferEvery, unitsInMbatch, fast, transferLr,
                scaleTransferLr, scaleFastLr, read, transferUpdate, step, momentum, forgetBuffer, chopProb,
                inChopRandom, outChopProb, bufferGranularity, granularity, noBuffer, auto, autoMomentum,
                correctGradientMagnitudes, dynamic);
    }
}
