package io.analogcomposer.spec.rpu;

import io.analogcomposer.spec.meta.WireEnum;

/** Weight clipping during hardware-aware training (AIHWKit WeightClipType). */
public enum WeightClipType implements WireEnum {
    NONE, FIXED_VALUE, LAYER_GAUSSIAN, AVERAGE_CHANNEL_MAX
}
