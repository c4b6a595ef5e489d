package io.analogcomposer.engine.analog.update;

import io.analogcomposer.engine.analog.device.PulsedDeviceParameters;
import io.analogcomposer.engine.analog.io.BoundManagement;
import io.analogcomposer.engine.analog.io.IOParameters;
import io.analogcomposer.engine.analog.io.NoiseManagement;
import java.util.List;

/**
 * Tiki-Taka (AIHWKit's {@code TransferCompound}, format {@code type: transfer}): gradients are pulsed onto a hidden
 * fast device A; every {@code transfer_every} mini-batches {@code n_reads_per_transfer} columns of A are read with a
 * one-hot forward MVM ({@code transfer_forward}) and pulsed onto the slow device C ({@code transfer_update}); the
 * weight is {@code gamma A + C}.
 *
 * @param unitCellDevices the fast device A then the slow device C (exactly two)
 * @param gamma weight of A in the visible weight (0: only C is seen)
 * @param transferEvery transfer period (mini-batches with units_in_mbatch, else mat-vecs); 0 = never
 * @param unitsInMbatch transfer_every counts mini-batches instead of single vectors
 * @param nReadsPerTransfer columns read and written per transfer event
 * @param withResetProb probability of resetting a read column of A after the read
 * @param randomSelection read a random column instead of cycling through them
 * @param fastLr learning rate of the gradient pulses onto A: a constant rate, independent of the SGD rate (AIHWKit
 *        1.0.0's {@code fast_lr}); 0 takes the SGD rate
 * @param transferLr learning rate of the transfer (times the SGD rate with scale_transfer_lr)
 * @param scaleTransferLr multiply transfer_lr by the current SGD rate
 * @param scaleFastLr multiply fast_lr by the current SGD rate (false in AIHWKit 1.0.0, which has no such field; see
 *        {@link #fastRate})
 * @param transferForward IO parameters of the column reads
 * @param transferUpdate pulse settings of the writes onto C
 * @param buffer TTv2's digital buffer between the read and the write (null: Tiki-Taka's direct write)
 */
public record TransferCompound(List<PulsedDeviceParameters> unitCellDevices, double gamma, double transferEvery,
        boolean unitsInMbatch, int nReadsPerTransfer, double withResetProb, boolean randomSelection, double fastLr,
        double transferLr, boolean scaleTransferLr, boolean scaleFastLr, IOParameters transferForward,
        UpdateParameters transferUpdate, BufferedTransfer buffer) {

    /** Validates; throws naming the field and its allowed range. */
    public TransferCompound {
        unitCellDevices = List.copyOf(unitCellDevices);
        if (unitCellDevices.size() != 2) {
            throw new IllegalArgumentException(
                    "transfer.unit_cell_devices must hold exactly 2 devices (fast, slow), got "
                            + unitCellDevices.size());
        }
        if (!(transferEvery >= 0)) {
            throw new IllegalArgumentException("transfer.transfer_every must be >= 0, got " + transferEvery);
        }
        if (nReadsPerTransfer < 1) {
            throw new IllegalArgumentException("transfer.n_reads_per_transfer must be >= 1, got " + nReadsPerTransfer);
        }
        if (!(withResetProb >= 0 && withResetProb <= 1)) {
            throw new IllegalArgumentException("transfer.with_reset_prob must be in [0, 1], got " + withResetProb);
        }
        if (!(fastLr >= 0) || !(transferLr >= 0)) {
            throw new IllegalArgumentException("transfer.fast_lr and transfer_lr must be >= 0");
        }
    }

    /**
     * The rate of the gradient pulses onto the fast device A ({@code TransferRPUDevice::getPulseCountLearningRate}):
     * {@code fast_lr} when it is positive, else the SGD rate. AIHWKit 1.0.0 keeps {@code fast_lr} constant whatever the
     * SGD rate ("the SGD learning rate is then only used to scale the transfer LR"); only with {@code scale_fast_lr}
     * (a field AIHWKit added after 1.1.0, default true there) is it multiplied by the SGD rate.
     */
    public static double fastRate(double fastLr, boolean scaleFastLr, double lr) {
        if (fastLr > 0) {
            return scaleFastLr ? fastLr * lr : fastLr;
        }
        return lr;
    }

    /**
     * The IO of the transfer reads: AIHWKit's {@code TransferRPUDeviceMetaParameter::initializeWithSize} turns noise
     * and bound management off whatever {@code transfer_forward} asks (a one-hot read needs neither).
     */
    public static IOParameters transferRead(IOParameters transferForward) {
        return transferForward.toBuilder().noiseManagement(NoiseManagement.NONE).boundManagement(BoundManagement.NONE)
                .build();
    }

    /** AIHWKit 1.0.0's defaults with the given fast and slow devices ({@code fast_lr 1} at a constant rate). */
    public static TransferCompound of(PulsedDeviceParameters fast, PulsedDeviceParameters slow) {
        return new TransferCompound(List.of(fast, slow), 0.0, 1.0, true, 1, 0.0, false, 1.0, 1.0, true, false,
                IOParameters.DEFAULT, UpdateParameters.DEFAULT, null);
    }

    /**
     * AIHWKit's {@code BufferedTransferCompound} defaults (TTv2): the buffer's defaults and a transfer update of one
     * pulse slot without management (BL 1), so each write moves a device by at most one pulse.
     */
    public static TransferCompound buffered(PulsedDeviceParameters fast, PulsedDeviceParameters slow) {
        return new TransferCompound(List.of(fast, slow), 0.0, 1.0, true, 1, 0.0, false, 1.0, 1.0, true, false,
                IOParameters.DEFAULT, new UpdateParameters(1, true, PulseType.STOCHASTIC_COMPRESSED, false, false, 1.0),
                BufferedTransfer.DEFAULT);
    }

    /** A copy with another transfer read configuration (presets read without noise/bound management). */
    public TransferCompound withTransferForward(IOParameters io) {
        return new TransferCompound(unitCellDevices, gamma, transferEvery, unitsInMbatch, nReadsPerTransfer,
                withResetProb, randomSelection, fastLr, transferLr, scaleTransferLr, scaleFastLr, io, transferUpdate,
                buffer);
    }

    /** A copy with other learning rates. */
    public TransferCompound withLearningRates(double fast, double transfer) {
        return new TransferCompound(unitCellDevices, gamma, transferEvery, unitsInMbatch, nReadsPerTransfer,
                withResetProb, randomSelection, fast, transfer, scaleTransferLr, scaleFastLr, transferForward,
                transferUpdate, buffer);
    }
}
