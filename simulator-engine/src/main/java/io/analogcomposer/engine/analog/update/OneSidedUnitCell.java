package io.analogcomposer.engine.analog.update;

import io.analogcomposer.engine.analog.device.PulsedDeviceParameters;
import io.analogcomposer.engine.analog.io.IOParameters;
import java.util.List;

/**
 * A pair of devices updated in one direction each (AIHWKit's {@code OneSidedUnitCell}, format {@code type:
 * one_sided}; the PCM pair): the weight is {@code g+ - g-}; a coincidence that should raise the weight pulses g+ up,
 * one that should lower it pulses g- up. Every {@code refresh_every} mini-batches, pairs where both devices are
 * high (one above {@code refresh_upper_thres}, the other above {@code refresh_lower_thres} of its bound) are reset and
 * the difference is written back with pulses ({@code refresh_update}).
 *
 * @param unitCellDevices g+ then g- (exactly two)
 * @param refreshEvery refresh check period in mini-batches (0 = never)
 * @param unitsInMbatch refresh_every counts mini-batches (always the case here)
 * @param refreshUpperThres upper threshold relative to w_max
 * @param refreshLowerThres lower threshold relative to w_max
 * @param refreshForward IO of the refresh reads (reads are exact here; see TRAINING.md)
 * @param refreshUpdate pulse settings of the refresh writes
 */
public record OneSidedUnitCell(List<PulsedDeviceParameters> unitCellDevices, int refreshEvery,
        boolean unitsInMbatch, double refreshUpperThres, double refreshLowerThres, IOParameters refreshForward,
        UpdateParameters refreshUpdate) {

    /** Validates; throws naming the field and its allowed range. */
    public OneSidedUnitCell {
        unitCellDevices = List.copyOf(unitCellDevices);
        if (unitCellDevices.size() != 2) {
            throw new IllegalArgumentException(
                    "one_sided.unit_cell_devices must hold exactly 2 devices, got " + unitCellDevices.size());
        }
        if (refreshEvery < 0) {
            throw new IllegalArgumentException("one_sided.refresh_every must be >= 0, got " + refreshEvery);
        }
        if (!(refreshLowerThres >= 0 && refreshLowerThres <= refreshUpperThres && refreshUpperThres <= 1)) {
            throw new IllegalArgumentException("one_sided: need 0 <= refresh_lower_thres <= refresh_upper_thres <= 1");
        }
    }

    /** AIHWKit's defaults (no refresh) with the same device twice. */
    public static OneSidedUnitCell of(PulsedDeviceParameters device) {
        return new OneSidedUnitCell(List.of(device, device), 0, true, 0.75, 0.25, IOParameters.DEFAULT,
                UpdateParameters.DEFAULT);
    }

    /** A copy with another refresh period. */
    public OneSidedUnitCell withRefreshEvery(int every) {
        return new OneSidedUnitCell(unitCellDevices, every, unitsInMbatch, refreshUpperThres, refreshLowerThres,
                refreshForward, refreshUpdate);
    }
}
