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
    /** An ideal device: updates apply exactly (IdealDevice). */
    IDEAL(),
    /** Constant step size per pulse (ConstantStepDevice). */
    CONSTANT_STEP("pulsed"),
    /** Step size linear in the weight (LinearStepDevice). */
    LINEAR_STEP("pulsed", "write_noise", "reversible"),
    /** Soft bounds: step shrinks towards the bound (SoftBoundsDevice). */
    SOFT_BOUNDS("pulsed", "write_noise", "reversible"),
    /** Soft bounds parameterized by pulse count p_max (SoftBoundsPmaxDevice). */
    SOFT_BOUNDS_PMAX("pulsed", "write_noise", "reversible"),
    /** Soft bounds with a reference device subtracted (SoftBoundsReferenceDevice). */
    SOFT_BOUNDS_REFERENCE("pulsed", "write_noise", "reversible", "reference"),
    /** Exponential step model fitted to ReRAM (ExpStepDevice). */
    EXP_STEP("pulsed", "write_noise"),
    /** Power-law step (PowStepDevice). */
    POW_STEP("pulsed", "write_noise", "pow"),
    /** Power-law step with a reference device (PowStepReferenceDevice). */
    POW_STEP_REFERENCE("pulsed", "write_noise", "pow", "reference"),
    /** Step sizes interpolated from a user table (PiecewiseStepDevice). */
    PIECEWISE_STEP("pulsed", "write_noise"),
    /** Several devices per cross-point, summed (VectorUnitCell). */
    VECTOR("compound", "vector"),
    /** A device minus a fixed reference device (ReferenceUnitCell). */
    REFERENCE("compound", "vector"),
    /** Two devices updated in one direction each, refreshed when saturated (OneSidedUnitCell). */
    ONE_SIDED("compound"),
    /** Tiki-Taka: a fast device transferred periodically to a slow one (TransferCompound). */
    TRANSFER("compound", "transfer"),
    /** TTv2: transfer through a digital buffer (BufferedTransferCompound). */
    BUFFERED_TRANSFER("compound", "transfer", "buffered"),
    /** c-TTv2: buffered transfer with chopped inputs (ChoppedTransferCompound). */
    CHOPPED_TRANSFER("compound", "transfer", "buffered", "chopped"),
    /** AGAD: chopped transfer with a dynamic reference (DynamicTransferCompound). */
    DYNAMIC_TRANSFER("compound", "transfer", "buffered", "chopped"),
    /** Mixed precision: gradients accumulate digitally, thresholded pulses update the device (MixedPrecisionCompound). */
    MIXED_PRECISION("compound");

    private final Set<String> groups;

    DeviceType(String... groups) {
        this.groups = Set.of(groups);
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
