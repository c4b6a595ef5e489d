package io.analogcomposer.spec.rpu;

import io.analogcomposer.spec.meta.TypeTag;

/** Conductance converters. */
public enum ConductanceConverterType implements TypeTag {
    /** SinglePairConductanceConverter. */
    SINGLE_PAIR,
    /** DualPairConductanceConverter: a most and a least significant pair. */
    DUAL_PAIR
}
