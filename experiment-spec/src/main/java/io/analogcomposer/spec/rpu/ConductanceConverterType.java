package io.analogcomposer.spec.rpu;

import io.analogcomposer.spec.meta.TypeTag;

/** How a weight becomes device conductances (AIHWKit conductance converters). */
public enum ConductanceConverterType implements TypeTag {
    SINGLE_PAIR(
            "SinglePairConductanceConverter: g+ holds the positive part of the weight, g- the negative part."), DUAL_PAIR(
                    "DualPairConductanceConverter: a most and a least significant pair.");

    private final String description;

    ConductanceConverterType(String description) {
        this.description = description;
    }

    @Override
    public String description() {
        return description;
    }
}
