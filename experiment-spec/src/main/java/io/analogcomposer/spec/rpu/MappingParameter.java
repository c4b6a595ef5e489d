package io.analogcomposer.spec.rpu;

import io.analogcomposer.spec.meta.Param;

/** How a layer's weights map onto tiles, after AIHWKit's {@code MappingParameter}. */
public record MappingParameter(
        @Param(doc = "Keep the bias digital instead of as an extra analog column.", def = "true") Boolean digitalBias,
        @Param(doc = "Scale weights so the largest |w| maps to this value (0 = no scaling).", def = "0.0", min = 0, max = 100) Double weightScalingOmega,
        @Param(doc = "Scale per output column instead of per tile.", def = "false") Boolean weightScalingColumnwise,
        @Param(doc = "Compensate the learning rate for the weight scaling.", def = "false") Boolean weightScalingLrCompensation,
        @Param(doc = "Learn the digital output scales during training.", def = "false") Boolean learnOutScaling,
        @Param(doc = "Learn one output scale per column instead of one per tile.", def = "false") Boolean outScalingColumnwise,
        @Param(doc = "Largest number of inputs (rows) of one tile; larger layers are split (0 = no limit).", def = "512", min = 0, max = 65536) Integer maxInputSize,
        @Param(doc = "Largest number of outputs (columns) of one tile; larger layers are split (0 = no limit).", def = "512", min = 0, max = 65536) Integer maxOutputSize) {}
