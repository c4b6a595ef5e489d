package io.analogcomposer.spec.rpu;

import io.analogcomposer.spec.meta.WireEnum;

/** Which devices of a vector unit cell receive an update (AIHWKit VectorUnitCellUpdatePolicy). */
public enum VectorUpdatePolicy implements WireEnum {
    ALL, SINGLE_FIXED, SINGLE_SEQUENTIAL, SINGLE_RANDOM
}
