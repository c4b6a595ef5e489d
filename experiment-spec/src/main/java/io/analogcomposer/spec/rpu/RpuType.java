package io.analogcomposer.spec.rpu;

import io.analogcomposer.spec.meta.TypeTag;

/** The kind of RPU configuration, after AIHWKit's RPUConfig classes. */
public enum RpuType implements TypeTag {
    /** InferenceRPUConfig: analog forward, floating-point backward and update; noise models, drift, HWA training. */
    INFERENCE,
    /** SingleRPUConfig: in-memory training with one pulsed device per cross-point. */
    SINGLE,
    /** UnitCellRPUConfig: in-memory training with a compound device (Tiki-Taka, mixed precision, ...). */
    UNIT_CELL,
    /** FloatingPointRPUConfig: an ideal floating-point tile, the digital baseline. */
    FLOATING_POINT;

    /** Whether this configuration trains with pulsed devices in memory. */
    public boolean pulsedTraining() {
        return this == SINGLE || this == UNIT_CELL;
    }
}
