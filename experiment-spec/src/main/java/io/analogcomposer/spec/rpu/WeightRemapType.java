package io.analogcomposer.spec.rpu;

import io.analogcomposer.spec.meta.WireEnum;

/** Weight remapping during hardware-aware training (AIHWKit WeightRemapType). */
public enum WeightRemapType implements WireEnum {
    NONE, LAYERWISE_SYMMETRIC, CHANNELWISE_SYMMETRIC
}
