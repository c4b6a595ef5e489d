package io.analogcomposer.worker.preview;

import io.analogcomposer.engine.analog.config.ConfigMaps;
import io.analogcomposer.engine.analog.inference.NoiseModel;
import io.analogcomposer.spec.rpu.NoiseModelType;
import io.analogcomposer.worker.engine.SpecToEngine;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The engine's noise model for the experiment format's {@code rpu_config.noise_model} object, mapped as a run maps
 * it ({@link SpecToEngine#engineNoiseModel}).
 */
final class SpecNoiseModels {

    /** The format's type names, for error messages. */
    static final List<String> TYPES = Arrays.stream(NoiseModelType.values()).map(NoiseModelType::wire).toList();

    private SpecNoiseModels() {
    }

    /** Throws {@link IllegalArgumentException} naming the offending field. */
    static NoiseModel of(Map<String, Object> spec) {
        String type = spec.get("type") == null ? "pcm_like" : spec.get("type").toString();
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("unknown noise_model type '" + type + "'");
        }
        return ConfigMaps.noiseModel(SpecToEngine.engineNoiseModel(spec));
    }
}
