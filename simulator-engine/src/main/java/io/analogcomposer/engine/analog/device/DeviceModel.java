package io.analogcomposer.engine.analog.device;

/**
 * The single-device response models of AIHWKit's {@code simulator/configs/devices.py}; names are the experiment
 * format's {@code device.type} values ({@code io.analogcomposer.spec.rpu.DeviceType}).
 */
public enum DeviceModel {
    /** Updates apply exactly (IdealDevice): no pulses, no bounds. */
    IDEAL("ideal"),
    /** Constant step per pulse, hard bounds (ConstantStepDevice). */
    CONSTANT_STEP("constant_step"),
    /** Step linear in the weight (LinearStepDevice). */
    LINEAR_STEP("linear_step"),
    /** Step shrinking linearly to zero at the device's own bounds (SoftBoundsDevice). */
    SOFT_BOUNDS("soft_bounds"),
    /** Soft bounds parameterised by the pulse count from range_min to range_max (SoftBoundsPmaxDevice). */
    SOFT_BOUNDS_PMAX("soft_bounds_pmax"),
    /** Soft bounds with a per-device reference subtracted (SoftBoundsReferenceDevice). */
    SOFT_BOUNDS_REFERENCE("soft_bounds_reference"),
    /** Exponential step fitted to ReRAM (ExpStepDevice). */
    EXP_STEP("exp_step"),
    /** Power-law step in the distance to the bound (PowStepDevice). */
    POW_STEP("pow_step"),
    /** Step sizes interpolated from a user table over [w_min, w_max] (PiecewiseStepDevice). */
    PIECEWISE_STEP("piecewise_step");

    private final String jsonName;

    DeviceModel(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The experiment format's name. */
    public String jsonName() {
        return jsonName;
    }

    /** The model for an experiment-format name; throws naming the allowed values. */
    public static DeviceModel fromJson(String name) {
        for (DeviceModel m : values()) {
            if (m.jsonName.equals(name)) {
                return m;
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (DeviceModel m : values()) {
            allowed.append(allowed.length() == 0 ? "" : ", ").append(m.jsonName);
        }
        throw new IllegalArgumentException("device.type '" + name + "' is not a pulsed device model; allowed: "
                + allowed);
    }
}
