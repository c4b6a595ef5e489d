package io.analogcomposer.spec.rpu;

import io.analogcomposer.spec.meta.WireEnum;

/** Input scaling before the DAC (AIHWKit NoiseManagementType). */
public enum NoiseManagementType implements WireEnum {
    NONE, ABS_MAX, ABS_MAX_NP_SUM, MAX, CONSTANT, AVERAGE_ABS_MAX
}
