package io.analogcomposer.engine.analog.config;

import io.analogcomposer.engine.analog.inference.NoiseModel;
import io.analogcomposer.engine.analog.inference.PcmLikeNoiseModel;
import io.analogcomposer.engine.analog.io.IOParameters;

/**
 * Everything an analog layer for inference (and hardware-aware training) needs, AIHWKit's
 * {@code InferenceRPUConfig}: the forward non-idealities, the mapping onto tiles, the device noise model with its
 * drift compensation, and the training-only modifier, clipping, remapping and input-range settings. Backward and
 * update are exact (floating point), as in AIHWKit's inference configs.
 *
 * @param forward           forward MVM non-idealities
 * @param mapping           tile sizes, output scales, bias placement
 * @param noiseModel        programming noise, drift and read noise of the devices
 * @param driftCompensation output rescaling in eval mode
 * @param modifier          training-time weight perturbation
 * @param clip              clipping after each training step
 * @param remap             remapping after each training step
 * @param inputRange        learned input range
 */
public record InferenceRpuConfig(IOParameters forward, MappingParameters mapping, NoiseModel noiseModel,
        DriftCompensation driftCompensation, WeightModifierParameters modifier, WeightClipParameters clip,
        WeightRemapParameters remap, InputRangeParameters inputRange) {

    /** AIHWKit's {@code InferenceRPUConfig()}. */
    public static final InferenceRpuConfig DEFAULT = new InferenceRpuConfig(IOParameters.DEFAULT,
            MappingParameters.DEFAULT, PcmLikeNoiseModel.DEFAULT, DriftCompensation.GLOBAL,
            WeightModifierParameters.NONE, WeightClipParameters.NONE, WeightRemapParameters.NONE,
            InputRangeParameters.DISABLED);

    /** Requires every part. */
    public InferenceRpuConfig {
        if (forward == null || mapping == null || noiseModel == null || driftCompensation == null || modifier == null
                || clip == null || remap == null || inputRange == null) {
            throw new IllegalArgumentException("rpu_config: forward, mapping, noise_model, drift_compensation, "
                    + "modifier, clip, remap and input_range must all be set");
        }
    }

    /** The same configuration with other forward parameters. */
    public InferenceRpuConfig withForward(IOParameters f) {
        return new InferenceRpuConfig(f, mapping, noiseModel, driftCompensation, modifier, clip, remap, inputRange);
    }

    /** The same configuration with another mapping. */
    public InferenceRpuConfig withMapping(MappingParameters m) {
        return new InferenceRpuConfig(forward, m, noiseModel, driftCompensation, modifier, clip, remap, inputRange);
    }

    /** The same configuration with another noise model. */
    public InferenceRpuConfig withNoiseModel(NoiseModel n) {
        return new InferenceRpuConfig(forward, mapping, n, driftCompensation, modifier, clip, remap, inputRange);
    }

    /** The same configuration with another drift compensation. */
    public InferenceRpuConfig withDriftCompensation(DriftCompensation d) {
        return new InferenceRpuConfig(forward, mapping, noiseModel, d, modifier, clip, remap, inputRange);
    }

    /** The same configuration with other training-time settings. */
    public InferenceRpuConfig withTraining(WeightModifierParameters m, WeightClipParameters c,
            WeightRemapParameters r, InputRangeParameters ir) {
        return new InferenceRpuConfig(forward, mapping, noiseModel, driftCompensation, m, c, r, ir);
    }
}
