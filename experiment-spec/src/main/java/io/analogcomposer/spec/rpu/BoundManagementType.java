package io.analogcomposer.spec.rpu;

import io.analogcomposer.spec.meta.WireEnum;

/** Bound management of the ADC range (AIHWKit BoundManagementType). */
public enum BoundManagementType implements WireEnum {
    NONE, ITERATIVE, ITERATIVE_WORST_CASE, SHIFT
}
