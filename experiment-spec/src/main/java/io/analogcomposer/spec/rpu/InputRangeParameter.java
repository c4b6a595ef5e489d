package io.analogcomposer.spec.rpu;

import io.analogcomposer.spec.meta.Param;

/** Learned input ranges of the DAC (AIHWKit {@code InputRangeParameter}). */
public record InputRangeParameter(
        @Param(doc = "Enable input-range learning and clipping.", def = "false") Boolean enable,
        @Param(doc = "Learn the input range by gradient descent (otherwise it is only initialized).", def = "true") Boolean learnInputRange,
        @Param(doc = "Initial input range.", def = "3.0", min = 0, exclusiveMin = true, max = 1000) Double initValue,
        @Param(doc = "Number of batches used to initialize the range from data (0 = use init_value).", def = "100", min = 0, max = 100000) Integer initFromData,
        @Param(doc = "Standard deviations of the inputs used as the initial range.", def = "3.0", min = 0, exclusiveMin = true, max = 100) Double initStdAlpha,
        @Param(doc = "Decay of the input range per batch.", def = "0.001", min = 0, max = 1) Double decay,
        @Param(doc = "Decay only while fewer than this fraction of the inputs are clipped.", def = "0.95", min = 0, max = 1) Double inputMinPercentage,
        @Param(doc = "Also manage output clipping by adapting the range.", def = "false") Boolean manageOutputClipping,
        @Param(doc = "Minimal fraction of outputs that must not clip when output clipping is managed.", def = "0.95", min = 0, max = 1) Double outputMinPercentage,
        @Param(doc = "Scale of the input-range gradient.", def = "1.0", min = 0, max = 1000) Double gradientScale,
        @Param(doc = "Make the gradient relative to the range.", def = "true") Boolean gradientRelative) {}
