package io.analogcomposer.spec.rpu;

import io.analogcomposer.spec.meta.Param;

/**
 * The analog configuration of a tile, after AIHWKit's RPUConfig classes. Which fields apply depends on
 * {@code type}: noise models, drift compensation and hardware-aware training settings belong to
 * {@code inference}; pulsed devices and the update to {@code single} and {@code unit_cell}. In a resolved
 * document every field that applies to the type is filled.
 */
public record RPUConfig(
        @Param(doc = "Kind of configuration: inference (HWA training and inference), single (one pulsed device), unit_cell (compound devices), floating_point; defaults to inference for inference runs and single for training.") RpuType type,
        @Param(doc = "Non-idealities of the forward MVM.", def = "{}", appliesTo = {"single", "unit_cell",
                "inference"}) IOParameters forward,
        @Param(doc = "Non-idealities of the backward MVM (in-memory training; perfect for inference configs).", def = "{}", appliesTo = {
                "single", "unit_cell", "inference"}) IOParameters backward,
        @Param(doc = "Pulsed update (in-memory training).", def = "{}", appliesTo = {"single",
                "unit_cell"}) UpdateParameters update,
        @Param(doc = "Mapping of weights onto tiles.", def = "{}") MappingParameter mapping,
        @Param(doc = "Device model (single) or compound (unit_cell).", appliesTo = {"single",
                "unit_cell"}, requiredFor = {"single", "unit_cell"}) Device device,
        @Param(doc = "Inference noise model (inference).", def = "{\"type\": \"pcm_like\"}", appliesTo = "inference") NoiseModel noiseModel,
        @Param(doc = "Drift compensation (inference).", def = "{\"type\": \"global\"}", appliesTo = "inference") DriftCompensation driftCompensation,
        @Param(doc = "Weight modifier of hardware-aware training (inference).", def = "{}", appliesTo = "inference") WeightModifierParameter modifier,
        @Param(doc = "Weight clipping of hardware-aware training (inference).", def = "{}", appliesTo = "inference") WeightClipParameter clip,
        @Param(doc = "Weight remapping of hardware-aware training (inference).", def = "{}", appliesTo = "inference") WeightRemapParameter remap,
        @Param(doc = "Digital pre- and post-processing (learned input ranges).", def = "{}") PrePostProcessing prePost){}
