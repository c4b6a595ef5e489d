package io.analogcomposer.spec.rpu;

import io.analogcomposer.spec.meta.WireEnum;

/** Pulse trains of the in-memory update (AIHWKit PulseType). */
public enum PulseType implements WireEnum {
    NONE, STOCHASTIC_COMPRESSED, STOCHASTIC, NONE_WITH_DEVICE, MEAN_COUNT, DETERMINISTIC_IMPLICIT
}
