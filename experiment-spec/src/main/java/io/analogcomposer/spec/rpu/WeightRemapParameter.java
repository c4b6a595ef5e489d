package io.analogcomposer.spec.rpu;

import io.analogcomposer.spec.meta.Param;

/** Remapping of weights into the full conductance range during training (AIHWKit {@code WeightRemapParameter}). */
public record WeightRemapParameter(
        @Param(doc = "Type of remapping.", def = "\"none\"") WeightRemapType type,
        @Param(doc = "The max |w| after remapping.", def = "1.0", min = 0, exclusiveMin = true, max = 100) Double remappedWmax,
        @Param(doc = "Largest allowed ratio between scales (0 = unlimited).", def = "0.0", min = 0, max = 1e6) Double maxScaleRange,
        @Param(doc = "Reference scale for max_scale_range (0 = the smallest scale).", def = "0.0", min = 0, max = 1e6) Double maxScaleRef) {}
