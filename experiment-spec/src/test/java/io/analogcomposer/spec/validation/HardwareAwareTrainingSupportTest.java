package io.analogcomposer.spec.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** AIHWKit options of hardware-aware training the simulator does not implement are refused before the run queues. */
class HardwareAwareTrainingSupportTest {

    final Validator validator = Validator.standard();

    static String document(String rpuConfig) {
        return """
                {"kind": "inference", "dataset": {"name": "synthetic"},
                 "network": {"input_shape": [1, 4, 4], "layers": [{"type": "flatten"},
                   {"type": "analog_linear", "out_features": 10}, {"type": "log_softmax"}]},
                 "rpu_config": %s, "training": {"epochs": 1}}""".formatted(rpuConfig);
    }

    @Test
    void unimplementedModifiersClippingAndRangeOptionsAreRefusedByField() {
        ValidationResult result = validator.validate(document("""
                {"type": "inference", "modifier": {"type": "dorefa", "copy_last_column": true},
                 "clip": {"type": "average_channel_max"},
                 "pre_post": {"input_range": {"enable": true, "manage_output_clipping": true}}}"""));
        assertThat(result.errors()).filteredOn(i -> i.code().equals("unsupported")).extracting(Issue::pointer)
                .contains("/rpu_config/modifier/type", "/rpu_config/modifier/copy_last_column",
                        "/rpu_config/clip/type", "/rpu_config/pre_post/input_range");
    }

    @Test
    void theComposersHardwareAwareSettingsPass() {
        ValidationResult result = validator.validate(document("""
                {"type": "inference", "modifier": {"type": "add_normal", "std_dev": 0.1},
                 "clip": {"type": "fixed_value", "fixed_value": 1.0},
                 "pre_post": {"input_range": {"enable": true, "decay": 0.01}}}"""));
        assertThat(result.errors()).isEmpty();
    }
}
