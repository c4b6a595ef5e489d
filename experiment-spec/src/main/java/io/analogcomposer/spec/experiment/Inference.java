package io.analogcomposer.spec.experiment;

import io.analogcomposer.spec.meta.Param;
import java.util.List;

/**
 * Evaluation over time after programming the weights: for each repetition the weights are programmed once,
 * then drifted to every time and evaluated on the test set.
 */
public record Inference(
        @Param(doc = "Inference times in seconds after programming, sorted ascending; overrides inference_time and n_times.", min = 0, max = 3.2e9, minItems = 1, maxItems = 100) List<Double> tInference,
        @Param(doc = "Last inference time in seconds; the composer's grid is 0 s then n_times-1 log-spaced times from 1 s to this.", def = "86400", min = 1, max = 3.2e9) Double inferenceTime,
        @Param(doc = "Number of times in the composer's default grid, including t = 0.", def = "10", min = 2, max = 100) Integer nTimes,
        @Param(doc = "How often the weights are programmed anew; mean and std are reported over these.", def = "10", min = 1, max = 1000) Integer repetitions,
        @Param(doc = "Samples per evaluation batch.", def = "256", min = 1, max = 65536) Integer batchSize,
        @Param(doc = "Pre-trained weights from the template catalogue (e.g. hwa-trained-lenet5); without it the network is trained first (needs training).", catalogue = "weight_templates") String weightTemplate,
        @Param(doc = "Post-training calibration of the DAC input ranges on training data before programming.", def = "{}") InputRangeCalibration inputRangeCalibration,
        @Param(doc = "hardware_inference only: the id of an uploaded Fusion CSV of target conductances (POST /api/v1/conductance-files); the chip is programmed with them as they are, nothing is trained or evaluated, and the programmed conductances are returned as a Fusion CSV.") String targetConductances) {}
