package io.analogcomposer.engine.analog.update;

import io.analogcomposer.engine.analog.device.PulsedDeviceParameters;
import java.util.List;
import java.util.Locale;

/**
 * Several devices per cross-point whose weighted sum is the weight (AIHWKit's {@code VectorUnitCell}, format
 * {@code type: vector}; and {@code ReferenceUnitCell}, {@code type: reference}: a device minus a fixed reference
 * device). Each sample's coincidences pulse every device ({@code all}) or one of them: always
 * {@code first_update_idx} ({@code single_fixed}), the next one in turn ({@code single_sequential}) or one at random
 * ({@code single_random}). Programmed weights go to every device, or only to the fixed one with
 * {@code single_fixed}.
 *
 * @param unitCellDevices the devices (1 to 8)
 * @param updatePolicy which devices take a sample's pulses
 * @param firstUpdateIdx the fixed device, and where the sequence starts
 * @param gammaVec weights of the devices in the sum (empty: the average, 1/n each)
 */
public record VectorUnitCell(List<PulsedDeviceParameters> unitCellDevices, Policy updatePolicy, int firstUpdateIdx,
        List<Double> gammaVec) {

    /** AIHWKit's {@code VectorUnitCellUpdatePolicy}; names are the format's in lower case. */
    public enum Policy {
        ALL, SINGLE_FIXED, SINGLE_SEQUENTIAL, SINGLE_RANDOM;

        /** The policy for a format name ({@code all}, {@code single_fixed}, ...). */
        public static Policy fromJson(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("vector.update_policy '" + name
                        + "' is not one of all, single_fixed, single_sequential, single_random");
            }
        }
    }

    /** Validates; throws naming the field and its allowed range. */
    public VectorUnitCell {
        unitCellDevices = List.copyOf(unitCellDevices);
        gammaVec = List.copyOf(gammaVec);
        if (unitCellDevices.isEmpty() || unitCellDevices.size() > 8) {
            throw new IllegalArgumentException(
                    "vector.unit_cell_devices must hold 1 to 8 devices, got " + unitCellDevices.size());
        }
        if (updatePolicy == null) {
            throw new IllegalArgumentException("vector.update_policy is required");
        }
        if (firstUpdateIdx < 0 || firstUpdateIdx >= unitCellDevices.size()) {
            throw new IllegalArgumentException("vector.first_update_idx must index a device (0 to "
                    + (unitCellDevices.size() - 1) + "), got " + firstUpdateIdx);
        }
        if (!gammaVec.isEmpty() && gammaVec.size() != unitCellDevices.size()) {
            throw new IllegalArgumentException("vector.gamma_vec must be empty or hold one weight per device ("
                    + unitCellDevices.size() + "), got " + gammaVec.size());
        }
    }

    /** AIHWKit's {@code VectorUnitCell} defaults: every device takes every update, the weight is their average. */
    public static VectorUnitCell of(List<PulsedDeviceParameters> devices) {
        return new VectorUnitCell(devices, Policy.ALL, 0, List.of());
    }

    /** AIHWKit's {@code ReferenceUnitCell} defaults: device 0 is updated, the weight is {@code w0 - w1}. */
    public static VectorUnitCell reference(List<PulsedDeviceParameters> devices) {
        return new VectorUnitCell(devices, Policy.SINGLE_FIXED, 0, List.of(1.0, -1.0));
    }

    /** A copy with another update policy. */
    public VectorUnitCell withPolicy(Policy policy) {
        return new VectorUnitCell(unitCellDevices, policy, firstUpdateIdx, gammaVec);
    }

    /** The weight of device {@code k} in the sum. */
    public double gamma(int k) {
        return gammaVec.isEmpty() ? 1.0 / unitCellDevices.size() : gammaVec.get(k);
    }
}
