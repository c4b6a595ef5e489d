package io.analogcomposer.spec.experiment;

import io.analogcomposer.spec.meta.Param;

/**
 * Post-training calibration of the analog layers' DAC input ranges on training data before the weights are
 * programmed (AIHWKit's {@code calibrate_input_ranges}).
 */
public record InputRangeCalibration(
        @Param(doc = "Strategy: none, moving_std (std_alpha x std of the inputs), moving_quantile, cache_quantile (quantile of up to max_samples kept input rows), max (largest |input|).", def = "\"none\"") InputRangeCalibrationType type,
        @Param(doc = "Quantile of the inputs used by the quantile strategies.", def = "0.99995", min = 0, exclusiveMin = true, max = 1) Double quantile,
        @Param(doc = "Input rows kept by cache_quantile; batches used by moving_std.", def = "1000", min = 1, max = 100000) Integer maxSamples,
        @Param(doc = "Standard deviations for moving_std; defaults to each layer's input_range.init_std_alpha.", min = 0, exclusiveMin = true, max = 100) Double stdAlpha,
        @Param(doc = "Training batches (of the inference batch size) passed through the network.", def = "10", min = 1, max = 1000) Integer batches) {}
