package io.analogcomposer.spec.rpu;

import io.analogcomposer.spec.meta.WireEnum;

/** Weight modifier of hardware-aware training (AIHWKit WeightModifierType). */
public enum WeightModifierType implements WireEnum {
    NONE, DISCRETIZE, MULT_NORMAL, ADD_NORMAL, DISCRETIZE_ADD_NORMAL, DOREFA, POLY, PCM_NOISE, PROG_NOISE, DROP_CONNECT
}
