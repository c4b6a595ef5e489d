package io.analogcomposer.spec.rpu;

import io.analogcomposer.spec.meta.Param;

/**
 * Non-idealities of one direction (forward or backward) of the analog matrix-vector product, after AIHWKit's
 * {@code IOParameters} (tutorial Tab. 5). Defaults are AIHWKit's.
 */
public record IOParameters(
        @Param(doc = "Short-cut to a perfect (exact floating-point) MVM; turns every other setting of this direction off.", def = "false") Boolean isPerfect,
        @Param(doc = "How positive and negative inputs are applied (one pass or separately).", def = "\"one_pass\"") AnalogMvType mvType,
        @Param(doc = "Input bound of the DAC; inputs are clipped to [-inp_bound, inp_bound].", def = "1.0", min = 0, exclusiveMin = true, max = 1000) Double inpBound,
        @Param(doc = "Standard deviation of Gaussian noise added to the inputs (relative to inp_bound).", def = "0.0", min = 0, max = 10) Double inpNoise,
        @Param(doc = "DAC resolution as step size relative to the input range: 1/(2^bits - 2), e.g. 1/126 for 7 bits; 0 or less turns quantization off.", def = "0.007936507936507936", min = -1, max = 1) Double inpRes,
        @Param(doc = "DAC resolution in bits (2 to 16), the composer's way of setting inp_res: inp_res becomes 1/(2^bits - 2); give one of the two.", min = 2, max = 16) Integer inpBits,
        @Param(doc = "Round the inputs stochastically instead of to the nearest step.", def = "false") Boolean inpStoRound,
        @Param(doc = "Input asymmetry: negative inputs are scaled by (1 - inp_asymmetry).", def = "0.0", min = -1, max = 1) Double inpAsymmetry,
        @Param(doc = "Output bound of the ADC; outputs are clipped to [-out_bound, out_bound].", def = "12.0", min = 0, exclusiveMin = true, max = 1e6) Double outBound,
        @Param(doc = "Standard deviation of Gaussian noise added to every output (in units of the output range).", def = "0.06", min = 0, max = 10) Double outNoise,
        @Param(doc = "Device-to-device variation of out_noise across the output columns.", def = "0.0", min = 0, max = 10) Double outNoiseStd,
        @Param(doc = "ADC resolution as step size relative to the output range: 1/(2^bits - 2), e.g. 1/510 for 9 bits; 0 or less turns quantization off.", def = "0.00196078431372549", min = -1, max = 1) Double outRes,
        @Param(doc = "ADC resolution in bits (2 to 16), the composer's way of setting out_res: out_res becomes 1/(2^bits - 2); give one of the two.", min = 2, max = 16) Integer outBits,
        @Param(doc = "Round the outputs stochastically instead of to the nearest step.", def = "false") Boolean outStoRound,
        @Param(doc = "Fixed scale applied to the outputs after the ADC.", def = "1.0", min = 0, exclusiveMin = true, max = 1e6) Double outScale,
        @Param(doc = "Output asymmetry: negative outputs are scaled by (1 - out_asymmetry).", def = "0.0", min = -1, max = 1) Double outAsymmetry,
        @Param(doc = "Bound management: recompute with down-scaled inputs when outputs hit the ADC bound.", def = "\"iterative\"") BoundManagementType boundManagement,
        @Param(doc = "Noise management: how inputs are scaled into the DAC range per input vector.", def = "\"abs_max\"") NoiseManagementType noiseManagement,
        @Param(doc = "Strength of the short-term weight noise of type w_noise_type (relative to the weight range).", def = "0.0", min = 0, max = 10) Double wNoise,
        @Param(doc = "Type of short-term weight noise during the MVM.", def = "\"none\"") WeightNoiseType wNoiseType,
        @Param(doc = "Scale of the IR drop along the rows; 0 turns IR drop off.", def = "0.0", min = 0, max = 1000) Double irDrop,
        @Param(doc = "Ratio of wire conductance between cells to the maximal device conductance (physical IR-drop scale).", def = "571428.5714285715", min = 0, exclusiveMin = true, max = 1e12) Double irDropGRatio,
        @Param(doc = "Strength of the S-shaped output non-linearity; 0 turns it off.", def = "0.0", min = 0, max = 100) Double outNonlinearity,
        @Param(doc = "Device-to-device variation of out_nonlinearity across the outputs.", def = "0.0", min = 0, max = 100) Double outNonlinearityStd,
        @Param(doc = "Calibration of the output non-linearity (0 = none, 1 = fully calibrated slope).", def = "0.0", min = 0, max = 1) Double slopeCalibration,
        @Param(doc = "Standard deviation of a per-column voltage offset.", def = "0.0", min = 0, max = 10) Double vOffsetStd,
        @Param(doc = "Weight value that corresponds to the minimal conductance for the voltage offset (-1 for differential pairs).", def = "-1.0", min = -1, max = 0) Double vOffsetWMin,
        @Param(doc = "Series resistance as a fraction of the total output current.", def = "0.0", min = 0, max = 1) Double rSeries,
        @Param(doc = "Device-to-device variation of the read asymmetry between positive and negative weights.", def = "0.0", min = 0, max = 1) Double wReadAsymmetryDtod,
        @Param(doc = "Largest input down-scaling factor of the iterative bound management.", def = "1000", min = 1, max = 1e9) Integer maxBmFactor,
        @Param(doc = "Limits the bound management's iterations by the effective input resolution (e.g. 0.25 for 2 bits).", def = "0.25", min = 0, exclusiveMin = true, max = 1) Double maxBmRes,
        @Param(doc = "Also test the negative bound during bound management.", def = "true") Boolean bmTestNegativeBound,
        @Param(doc = "Constant of the constant noise management; otherwise a clipping threshold for large inputs (0 = off).", def = "0.0", min = 0, max = 1e6) Double nmThres) {}
