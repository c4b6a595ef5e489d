package io.analogcomposer.spec.rpu;

import io.analogcomposer.spec.meta.TypeTag;
import java.util.Set;

/**
 * Device models and compound devices (AIHWKit {@code simulator/configs/devices.py} and {@code compounds.py}).
 * Groups: {@code pulsed} (single devices with a pulse response), {@code write_noise} (devices with write
 * noise), {@code compound} (built from other devices), {@code vector} (vector-like unit cells),
 * {@code transfer} (the Tiki-Taka family), {@code buffered} (transfer with a digital buffer), {@code chopped}
 * (c-TTv2 and AGAD).
 */
public enum DeviceType implements TypeTag {
    IDEAL("An ideal device: updates apply exactly (IdealDevice)."), CONSTANT_STEP(
            "Constant step size per pulse (ConstantStepDevice).",
            "pulsed"), LINEAR_STEP("Step size linear in the weight (LinearStepDevice).", "pulsed", "write_noise",
                    "reversible"), SOFT_BOUNDS("Soft bounds: step shrinks towards the bound (SoftBoundsDevice).",
                            "pulsed", "write_noise", "reversible"), SOFT_BOUNDS_PMAX(
                                    "Soft bounds parameterized by pulse count p_max (SoftBoundsPmaxDevice).", "pulsed",
                                    "write_noise", "reversible"), SOFT_BOUNDS_REFERENCE(
                                            "Soft bounds with a reference device subtracted (SoftBoundsReferenceDevice).",
                                            "pulsed", "write_noise", "reversible", "reference"), EXP_STEP(
                                                    "Exponential step model fitted to ReRAM (ExpStepDevice).", "pulsed",
                                                    "write_noise"), POW_STEP("Power-law step (PowStepDevice).",
                                                            "pulsed", "write_noise", "pow"), POW_STEP_REFERENCE(
                                                                    "Power-law step with a reference device (PowStepReferenceDevice).",
                                                                    "pulsed", "write_noise", "pow",
                                                                    "reference"), PIECEWISE_STEP(
                                                                            "Step sizes interpolated from a user table (PiecewiseStepDevice).",
                                                                            "pulsed", "write_noise"), VECTOR(
                                                                                    "Several devices per cross-point, summed (VectorUnitCell).",
                                                                                    "compound", "vector"), REFERENCE(
                                                                                            "A device minus a fixed reference device (ReferenceUnitCell).",
                                                                                            "compound",
                                                                                            "vector"), ONE_SIDED(
                                                                                                    "Two devices updated in one direction each, refreshed when saturated (OneSidedUnitCell).",
                                                                                                    "compound"), TRANSFER(
                                                                                                            "Tiki-Taka: a fast device transferred periodically to a slow one (TransferCompound).",
                                                                                                            "compound",
                                                                                                            "transfer"), BUFFERED_TRANSFER(
                                                                                                                    "TTv2: transfer through a digital buffer (BufferedTransferCompound).",
                                                                                                                    "compound",
                                                                                                                    "transfer",
                                                                                                                    "buffered"), CHOPPED_TRANSFER(
                                                                                                                            "c-TTv2: buffered transfer with chopped inputs (ChoppedTransferCompound).",
                                                                                                                            "compound",
                                                                                                                            "transfer",
                                                                                                                            "buffered",
                                                                                                                            "chopped"), DYNAMIC_TRANSFER(
                                                                                                                                    "AGAD: chopped transfer with a dynamic reference (DynamicTransferCompound).",
                                                                                                                                    "compound",
                                                                                                                                    "transfer",
                                                                                                                                    "buffered",
                                                                                                                                    "chopped"), MIXED_PRECISION(
                                                                                                                                            "Mixed precision: gradients accumulate digitally, thresholded pulses update the device (MixedPrecisionCompound).",
                                                                                                                                            "compound");

    private final Set<String> groups;

    private final String description;

    DeviceType(String description, String... groups) {
        this.description = description;
        this.groups = Set.of(groups);
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Set<String> groups() {
        return groups;
    }

    /** Whether this device is built from other devices. */
    public boolean compound() {
        return groups.contains("compound");
    }

    /** Whether the compound holds a list of unit_cell_devices (all compounds but mixed precision). */
    public boolean hasUnitCellDevices() {
        return compound() && this != MIXED_PRECISION;
    }
}
