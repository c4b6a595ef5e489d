package io.analogcomposer.spec.rpu;

import io.analogcomposer.spec.meta.TypeTag;
import java.util.Set;

/** Phenomenological inference noise models (AIHWKit {@code inference/noise}). */
public enum NoiseModelType implements TypeTag {
    /** PCMLikeNoiseModel: programming noise, drift and 1/f read noise calibrated on PCM hardware. */
    PCM_LIKE("pcm", "drift"),
    /** StateIndependentNoiseModel: programming noise plus drift with user-set mean and std of nu ("generic"). */
    GENERIC("drift"),
    /** CustomDriftPCMLikeNoiseModel: PCM-like with a user table of drift coefficients versus conductance. */
    CUSTOM_DRIFT_PCM("pcm", "drift"),
    /** HermesNoiseModel: the HERMES PCM chip with one or two devices per weight. */
    HERMES("drift"),
    /** ReRamWan2022NoiseModel: ReRAM after Wan et al. 2022. */
    RERAM_WAN2022(),
    /** ReRamCMONoiseModel: ReRAM CMO/HfOx. */
    RERAM_CMO("drift");

    private final Set<String> groups;

    NoiseModelType(String... groups) {
        this.groups = Set.of(groups);
    }

    @Override
    public Set<String> groups() {
        return groups;
    }
}
