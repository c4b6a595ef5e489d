package io.analogcomposer.engine.analog.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An inference rpu_config as a resolved experiment document writes it (snake_case, every field filled) becomes the
 * engine's configuration field by field: mapping, the hardware-aware training settings and the learned input range
 * included, not just the forward pass and the noise model. What the engine does not model is refused by name.
 */
class RpuConfigFromDocumentTest {

    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    /** The composer's web preset as the resolver writes it into a layer's rpu_config. */
    static Map<String, Object> webPreset() {
        return Map.<String, Object>of("type", "inference", "forward",
                Map.<String, Object>of("out_noise", 0.1, "out_bound", 20.0),
                "mapping",
                Map.<String, Object>of("digital_bias", true, "weight_scaling_omega", 1.0, "weight_scaling_columnwise",
                        true,
                        "weight_scaling_lr_compensation", false, "learn_out_scaling", true, "out_scaling_columnwise",
                        true, "max_input_size", 512, "max_output_size", 512),
                "modifier",
                Map.<String, Object>ofEntries(Map.<String, Object>entry("type", "add_normal"),
                        Map.<String, Object>entry("std_dev", 0.1),
                        Map.<String, Object>entry("per_batch_sample", false), Map.<String, Object>entry("res", 0.0),
                        Map.<String, Object>entry("sto_round", false),
                        Map.<String, Object>entry("dorefa_clip", 0.6), Map.<String, Object>entry("pdrop", 0.0),
                        Map.<String, Object>entry("enable_during_test", false),
                        Map.<String, Object>entry("rel_to_actual_wmax", true),
                        Map.<String, Object>entry("assumed_wmax", 1.0),
                        Map.<String, Object>entry("copy_last_column", false),
                        Map.<String, Object>entry("coeffs", List.of(0.0105392, 0.0768, -0.046925)),
                        Map.<String, Object>entry("g_max", 25.0),
                        Map.<String, Object>entry("pcm_t0", 20.0)),
                "clip", Map.<String, Object>of("type", "fixed_value", "fixed_value", 1.0, "sigma", 2.5),
                "remap",
                Map.<String, Object>of("type", "none", "remapped_wmax", 1.0, "max_scale_range", 0.0, "max_scale_ref",
                        0.0),
                "pre_post",
                Map.<String, Object>of("input_range",
                        map("enable", true, "learn_input_range", true, "init_value", 3.0,
                                "init_from_data", 100, "init_std_alpha", 3.0, "decay", 0.01, "input_min_percentage",
                                0.95,
                                "manage_output_clipping", false, "output_min_percentage", 0.95, "gradient_scale", 1.0,
                                "gradient_relative", true)),
                "noise_model", Map.<String, Object>of("type", "pcm_like"), "drift_compensation", "global");
    }

    @Test
    void everyPartOfTheDocumentsConfigurationReachesTheEngine() {
        InferenceRpuConfig c = ConfigMaps.rpuConfig(webPreset());
        assertThat(c.forward().outNoise()).isEqualTo(0.1);
        assertThat(c.mapping()).isEqualTo(new MappingParameters(true, 1.0, true, true, true, 512, 512, false));
        assertThat(c.modifier().type()).isEqualTo(WeightModifierType.ADD_NORMAL);
        assertThat(c.modifier().stdDev()).isEqualTo(0.1);
        assertThat(c.modifier().coeffs()).containsExactly(0.0105392, 0.0768, -0.046925);
        assertThat(c.clip()).isEqualTo(WeightClipParameters.fixed(1.0));
        assertThat(c.remap().type()).isEqualTo(WeightRemapParameters.Type.NONE);
        assertThat(c.inputRange().enable()).isTrue();
        assertThat(c.inputRange().initFromData()).isEqualTo(100);
        assertThat(c.inputRange().decay()).isEqualTo(0.01);
        assertThat(c.driftCompensation()).isEqualTo(DriftCompensation.GLOBAL);
    }

    @Test
    void whatTheEngineDoesNotModelIsRefusedNamingTheField() {
        assertThatThrownBy(() -> ConfigMaps
                .rpuConfig(Map.<String, Object>of("modifier", Map.<String, Object>of("type", "dorefa"))))
                .hasMessageContaining("modifier.type").hasMessageContaining("add_normal");
        assertThatThrownBy(() -> ConfigMaps
                .rpuConfig(Map.<String, Object>of("modifier", Map.<String, Object>of("copy_last_column", true))))
                .hasMessageContaining("modifier.copy_last_column = true").hasMessageContaining("only false");
        assertThatThrownBy(() -> ConfigMaps
                .rpuConfig(Map.<String, Object>of("clip", Map.<String, Object>of("type", "average_channel_max"))))
                .hasMessageContaining("clip.type").hasMessageContaining("layer_gaussian");
        assertThatThrownBy(() -> ConfigMaps.rpuConfig(Map.<String, Object>of("pre_post",
                Map.<String, Object>of("input_range",
                        Map.<String, Object>of("manage_output_clipping", true)))))
                .hasMessageContaining("pre_post.input_range");
        assertThatThrownBy(() -> ConfigMaps
                .rpuConfig(Map.<String, Object>of("mapping", Map.<String, Object>of("weight_scaling_omgea", 1.0))))
                .hasMessageContaining("unknown mapping parameter 'weight_scaling_omgea'")
                .hasMessageContaining("weight_scaling_omega");
        assertThatThrownBy(() -> ConfigMaps
                .rpuConfig(Map.<String, Object>of("mapping", Map.<String, Object>of("weight_scaling_omega", -1.0))))
                .hasMessageContaining("weight_scaling_omega");
    }
}
