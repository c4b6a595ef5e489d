package io.analogcomposer.spec.rpu;

import io.analogcomposer.spec.meta.Param;

/** Weight clipping after each update during hardware-aware training (AIHWKit {@code WeightClipParameter}). */
public record WeightClipParameter(
        @Param(doc = "Type of clipping; parameters of other types are ignored.", def = "\"none\"") WeightClipType type,
        @Param(doc = "Clip |w| to this value for the fixed_value type.", def = "-1.0", min = -1, max = 100) Double fixedValue,
        @Param(doc = "Clip at sigma standard deviations of the layer's weights for the layer_gaussian type.", def = "2.5", min = 0, exclusiveMin = true, max = 100) Double sigma) {}
