package io.analogcomposer.spec.rpu;

import io.analogcomposer.spec.meta.TypeTag;
import java.util.Set;

/** Phenomenological inference noise models (AIHWKit {@code inference/noise}). */
public enum NoiseModelType implements TypeTag {
    PCM_LIKE("PCMLikeNoiseModel: programming noise, drift and 1/f read noise calibrated on PCM hardware.", "pcm",
            "drift"), GENERIC(
                    "StateIndependentNoiseModel: programming noise plus drift with user-set mean and std of nu (\"generic\").",
                    "drift"), CUSTOM_DRIFT_PCM(
                            "CustomDriftPCMLikeNoiseModel: PCM-like with a user table of drift coefficients versus conductance.",
                            "pcm", "drift"), HERMES(
                                    "HermesNoiseModel: the HERMES PCM chip with one or two devices per weight.",
                                    "drift"), RERAM_WAN2022(
                                            "ReRamWan2022NoiseModel: ReRAM after Wan et al. 2022."), RERAM_CMO(
                                                    "ReRamCMONoiseModel: ReRAM CMO/HfOx.", "drift");

    private final Set<String> groups;

    private final String description;

    NoiseModelType(String description, String... groups) {
        this.description = description;
        this.groups = Set.of(groups);
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Set<String> groups() {
        return groups;
    }
}
