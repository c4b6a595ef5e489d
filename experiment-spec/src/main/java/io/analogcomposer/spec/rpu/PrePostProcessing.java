package io.analogcomposer.spec.rpu;

import io.analogcomposer.spec.meta.Param;

/** Digital pre- and post-processing around the tile (AIHWKit {@code PrePostProcessingParameter}). */
public record PrePostProcessing(
        @Param(doc = "Learned input range of the DAC.", def = "{}") InputRangeParameter inputRange) {}
