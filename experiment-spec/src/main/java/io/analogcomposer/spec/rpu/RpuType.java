package io.analogcomposer.spec.rpu;

import io.analogcomposer.spec.meta.TypeTag;

/** The kind of RPU configuration, after AIHWKit's RPUConfig classes. */
public enum RpuType implements TypeTag {
    INFERENCE(
            "InferenceRPUConfig: analog forward, floating-point backward and update; noise models, drift and hardware-aware training."), SINGLE(
                    "SingleRPUConfig: in-memory training with one pulsed device per cross-point."), UNIT_CELL(
                            "UnitCellRPUConfig: in-memory training with a compound device (Tiki-Taka, mixed precision, ...)."), FLOATING_POINT(
                                    "FloatingPointRPUConfig: an ideal floating-point tile, the digital baseline.");

    private final String description;

    RpuType(String description) {
        this.description = description;
    }

    @Override
    public String description() {
        return description;
    }

    /** Whether this configuration trains with pulsed devices in memory. */
    public boolean pulsedTraining() {
        return this == SINGLE || this == UNIT_CELL;
    }
}
