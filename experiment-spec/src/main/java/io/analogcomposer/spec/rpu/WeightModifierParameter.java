package io.analogcomposer.spec.rpu;

import io.analogcomposer.spec.meta.Param;
import java.util.List;

/** Weight noise injected during hardware-aware training, after AIHWKit's {@code WeightModifierParameter}. */
public record WeightModifierParameter(
        @Param(doc = "Type of the weight modification applied once per mini-batch during training.", def = "\"none\"") WeightModifierType type,
        @Param(doc = "Standard deviation of the added or multiplied noise (relative to the max |w| unless rel_to_actual_wmax is false).", def = "0.0", min = 0, max = 10) Double stdDev,
        @Param(doc = "Draw a new modification for every sample of the batch instead of once per batch.", def = "false") Boolean perBatchSample,
        @Param(doc = "Resolution of the discretization (0 = none).", def = "0.0", min = 0, max = 1) Double res,
        @Param(doc = "Round stochastically when discretizing.", def = "false") Boolean stoRound,
        @Param(doc = "Clipping of the DoReFa modifier.", def = "0.6", min = 0, max = 10) Double dorefaClip,
        @Param(doc = "Probability of dropping a weight (drop-connect).", def = "0.0", min = 0, max = 1) Double pdrop,
        @Param(doc = "Also modify the weights in evaluation mode.", def = "false") Boolean enableDuringTest,
        @Param(doc = "Noise relative to the actual max |w| of the layer instead of assumed_wmax.", def = "true") Boolean relToActualWmax,
        @Param(doc = "Assumed max |w| when rel_to_actual_wmax is false.", def = "1.0", min = 0, exclusiveMin = true, max = 100) Double assumedWmax,
        @Param(doc = "Leave the last column (an analog bias) unmodified.", def = "false") Boolean copyLastColumn,
        @Param(doc = "Coefficients of the polynomial noise of the poly and prog_noise modifiers.", def = "[0.0105392, 0.0768, -0.046925]", min = -100, max = 100, minItems = 1, maxItems = 8) List<Double> coeffs,
        @Param(doc = "Maximal conductance in uS for the PCM noise modifiers.", def = "25.0", min = 0, exclusiveMin = true, max = 1000) Double gMax,
        @Param(doc = "Weights below this fraction of max |w| count as zero for the PCM noise modifier.", def = "0.0", min = 0, max = 1) Double pcmZeroThres,
        @Param(doc = "Inference time in seconds simulated by the PCM noise modifier.", def = "0.0", min = 0, max = 3.2e9) Double pcmTInference,
        @Param(doc = "Probability that a device is stuck at reset.", def = "0.0", min = 0, max = 1) Double pcmProbAtReset,
        @Param(doc = "Probability that a device is stuck at g_max.", def = "0.0", min = 0, max = 1) Double pcmProbAtGmax,
        @Param(doc = "Probability that a device is stuck at a random conductance.", def = "0.0", min = 0, max = 1) Double pcmProbAtRandom,
        @Param(doc = "Reference time t0 of the PCM drift in seconds.", def = "20.0", min = 0, exclusiveMin = true, max = 1e6) Double pcmT0) {}
