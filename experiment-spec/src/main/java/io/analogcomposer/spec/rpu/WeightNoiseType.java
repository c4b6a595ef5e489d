package io.analogcomposer.spec.rpu;

import io.analogcomposer.spec.meta.WireEnum;

/** Short-term weight noise of the MVM (AIHWKit WeightNoiseType). */
public enum WeightNoiseType implements WireEnum {
    NONE, ADDITIVE_CONSTANT, PCM_READ
}
