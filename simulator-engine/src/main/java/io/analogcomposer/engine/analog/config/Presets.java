package io.analogcomposer.engine.analog.config;

import io.analogcomposer.engine.analog.inference.PcmLikeNoiseModel;
import io.analogcomposer.engine.analog.io.BoundManagement;
import io.analogcomposer.engine.analog.io.IOParameters;
import io.analogcomposer.engine.analog.io.NoiseManagement;
import io.analogcomposer.engine.analog.io.WeightNoiseType;
import java.util.Map;

/** Named inference configurations: one source of truth for the composer's presets and AIHWKit's. */
public final class Presets {
    private Presets() {
    }

    /**
     * The composer's web preset ({@code WebComposerInferenceRPUConfig}): 7-bit DAC, 9-bit ADC, out_noise 0.1,
     * out_bound 20, iterative BM, abs-max NM; add-normal 0.1 modifier, fixed clip 1.0; digital bias, column-wise
     * weight scaling (omega 1) with learned output scales, 512x512 tiles; PCM-like noise with global compensation.
     */
    public static final InferenceRpuConfig COMPOSER_WEB = new InferenceRpuConfig(
            IOParameters.DEFAULT.toBuilder().outBound(20.0).outNoise(0.1).build(),
            new MappingParameters(true, 1.0, true, true, false, 512, 512), PcmLikeNoiseModel.DEFAULT,
            DriftCompensation.GLOBAL, WeightModifierParameters.addNormal(0.1), WeightClipParameters.fixed(1.0),
            WeightRemapParameters.NONE, InputRangeParameters.DISABLED);

    /** The older composer preset: analog bias, no learned output scales, unlimited tile size. */
    public static final InferenceRpuConfig COMPOSER_WEB_OLD = COMPOSER_WEB
            .withMapping(new MappingParameters(false, 1.0, true, false, false, 0, 0));

    /**
     * AIHWKit's {@code StandardHWATrainingPreset} (Rasch et al. 2023): 8-bit DAC/ADC (254 steps), constant noise
     * management, no bound management, out_bound 10, out_noise 0.04, PCM read weight noise 0.0175, IR drop 1; column-
     * wise omega-1 scaling with learned column-wise output scales, 512-input tiles; fixed clip 1, channel-wise
     * remapping, learned input range initialized from 100 batches; PCM-like noise with global compensation.
     */
    public static final InferenceRpuConfig AIHWKIT_STANDARD_HWA = new InferenceRpuConfig(
            IOParameters.DEFAULT.toBuilder().inpRes(254).outRes(254).boundManagement(BoundManagement.NONE)
                    .noiseManagement(NoiseManagement.CONSTANT).nmThres(1.0).wNoise(0.0175)
                    .wNoiseType(WeightNoiseType.PCM_READ).irDrop(1.0).outNoise(0.04).outBound(10.0).build(),
            new MappingParameters(true, 1.0, true, true, true, 512, 0), PcmLikeNoiseModel.DEFAULT,
            DriftCompensation.GLOBAL, WeightModifierParameters.NONE, WeightClipParameters.fixed(1.0),
            new WeightRemapParameters(WeightRemapParameters.Type.CHANNELWISE_SYMMETRIC, 1.0),
            new InputRangeParameters(true, true, 3.0, 100, 3.0, 0.001, 0.95));

    /** Exact floating point: no noise model effect on the MVM, no modifiers. */
    public static final InferenceRpuConfig FLOATING_POINT = InferenceRpuConfig.DEFAULT.withForward(IOParameters.PERFECT)
            .withDriftCompensation(DriftCompensation.NONE)
            .withMapping(new MappingParameters(true, 0.0, false, false, false, 0, 0));

    /** The presets by the names used in experiment documents. */
    public static final Map<String, InferenceRpuConfig> BY_NAME = Map.of("composer_web", COMPOSER_WEB,
            "composer_web_old", COMPOSER_WEB_OLD, "aihwkit_standard_hwa", AIHWKIT_STANDARD_HWA, "aihwkit_inference",
            InferenceRpuConfig.DEFAULT, "floating_point", FLOATING_POINT);

    /** A preset by name; the message lists the known names. */
    public static InferenceRpuConfig byName(String name) {
        InferenceRpuConfig c = BY_NAME.get(name);
        if (c == null) {
            throw new IllegalArgumentException(
                    "unknown rpu_config preset '" + name + "', known: " + new java.util.TreeSet<>(BY_NAME.keySet()));
        }
        return c;
    }
}
