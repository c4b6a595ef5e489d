package io.analogcomposer.engine.analog.update;

import io.analogcomposer.engine.analog.device.PulsedDeviceParameters;

/**
 * Mixed precision (AIHWKit's {@code MixedPrecisionCompound}, format {@code type: mixed_precision}): the rank-one
 * updates accumulate digitally in a matrix chi; every {@code transfer_every} mini-batches, rows of chi are
 * transferred: each element's whole multiples of the granularity become device pulses and leave chi.
 *
 * @param device the analog device
 * @param transferEvery transfer period in mini-batches, ≥ 1
 * @param nRowsPerTransfer rows transferred per event (-1 = all)
 * @param randomRow pick the rows at random instead of cyclically
 * @param granularity weight change of one transferred unit (0 = the device's dw_min)
 * @param transferLr scale of the transfer
 * @param nXBins quantization bins of x for the digital outer product (0 = none)
 * @param nDBins quantization bins of d (0 = none)
 * @param stocRoundX stochastic rounding of x when quantized
 * @param stocRoundD stochastic rounding of d when quantized
 * @param oneSided a one-sided pair as the analog part instead of {@code device} (AIHWKit's
 *            {@code MixedPrecisionPCMPreset}), or null
 * @param vector a vector unit cell as the analog part instead of {@code device}, or null
 */
public record MixedPrecisionCompound(PulsedDeviceParameters device, int transferEvery, int nRowsPerTransfer,
        boolean randomRow, double granularity, double transferLr, int nXBins, int nDBins, boolean stocRoundX,
        boolean stocRoundD, OneSidedUnitCell oneSided, VectorUnitCell vector) {

    /** Mixed precision onto one pulsed device per cross-point. */
    public MixedPrecisionCompound(PulsedDeviceParameters device, int transferEvery, int nRowsPerTransfer,
            boolean randomRow, double granularity, double transferLr, int nXBins, int nDBins, boolean stocRoundX,
            boolean stocRoundD) {
        this(device, transferEvery, nRowsPerTransfer, randomRow, granularity, transferLr, nXBins, nDBins, stocRoundX,
                stocRoundD, null, null);
    }

    /** Validates; throws naming the field and its allowed range. */
    public MixedPrecisionCompound {
        if (oneSided != null && vector != null) {
            throw new IllegalArgumentException("mixed_precision.device is one device or one cell, not both");
        }
        if (device == null) {
            // the first device of a cell documents the configuration (and gives the default granularity)
            device = oneSided != null
                    ? oneSided.unitCellDevices().get(0)
                    : vector != null ? vector.unitCellDevices().get(0) : null;
        }
        if (device == null) {
            throw new IllegalArgumentException("mixed_precision.device is required");
        }
        if (transferEvery < 1) {
            throw new IllegalArgumentException("mixed_precision.transfer_every must be >= 1, got " + transferEvery);
        }
        if (nRowsPerTransfer == 0 || nRowsPerTransfer < -1) {
            throw new IllegalArgumentException(
                    "mixed_precision.n_rows_per_transfer must be -1 (all) or >= 1, got " + nRowsPerTransfer);
        }
        if (!(granularity >= 0) || !(transferLr > 0) || nXBins < 0 || nDBins < 0) {
            throw new IllegalArgumentException(
                    "mixed_precision: granularity >= 0, transfer_lr > 0, n_x_bins >= 0 and n_d_bins >= 0 required");
        }
    }

    /** AIHWKit's defaults with the given device. */
    public static MixedPrecisionCompound of(PulsedDeviceParameters device) {
        return new MixedPrecisionCompound(device, 1, -1, false, 0.0, 1.0, 0, 0, true, true);
    }

    /** AIHWKit's defaults over a one-sided pair. */
    public static MixedPrecisionCompound of(OneSidedUnitCell cell) {
        return new MixedPrecisionCompound(null, 1, -1, false, 0.0, 1.0, 0, 0, true, true, cell, null);
    }

    /** AIHWKit's defaults over a vector unit cell. */
    public static MixedPrecisionCompound of(VectorUnitCell cell) {
        return new MixedPrecisionCompound(null, 1, -1, false, 0.0, 1.0, 0, 0, true, true, null, cell);
    }
}
