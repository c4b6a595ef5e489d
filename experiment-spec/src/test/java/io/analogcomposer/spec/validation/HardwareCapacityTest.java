package io.analogcomposer.spec.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.spec.catalogue.Catalogue;
import io.analogcomposer.spec.experiment.Backend;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * hardware_inference documents are checked against the Fusion chip (512 word lines × 2048 bit lines, one device per
 * weight) before anything runs, counting devices as the hardware worker places them: every analog weight, plus one
 * device per output when the bias is an analog column (mapping.digital_bias false); digital layers need none.
 */
class HardwareCapacityTest {

    final Validator validator = Validator.standard();

    /** 784 → hidden → outputs; with hidden 1024 and 240 outputs exactly the chip's 1,048,576 weights. */
    static String document(int hidden, int outputs, String rpuConfig) {
        return """
                {"kind": "hardware_inference", "dataset": {"name": "synthetic", "synthetic_classes": %d},
                 "network": {"input_shape": [1, 28, 28], "layers": [
                   {"type": "flatten"}, {"type": "analog_linear", "out_features": %d}, {"type": "relu"},
                   {"type": "analog_linear", "out_features": %d}, {"type": "linear", "out_features": 10},
                   {"type": "log_softmax"}]}%s,
                 "training": {"epochs": 1}}""".formatted(10, hidden, outputs, rpuConfig);
    }

    private static List<Issue> capacity(ValidationResult result) {
        return result.errors().stream().filter(i -> i.code().equals("chip_capacity")).toList();
    }

    @Test
    void theChipHoldsExactlyItsDeviceCountOfAnalogWeightsWithDigitalBiases() {
        assertThat(Catalogue.CHIP_ROWS * (long) Catalogue.CHIP_COLUMNS).isEqualTo(1_048_576L);
        ValidationResult result = validator.validate(document(1024, 240, ""));
        assertThat(result.errors()).isEmpty();
        assertThat(result.backend()).isEqualTo(Backend.HARDWARE);
    }

    @Test
    void analogBiasColumnsTakeDevicesTooAndTipTheSameModelOverWithTheNumbers() {
        ValidationResult result = validator
                .validate(document(1024, 240, ", \"rpu_config\": {\"type\": \"inference\", \"mapping\": "
                        + "{\"digital_bias\": false}}"));
        assertThat(capacity(result)).singleElement().satisfies(issue -> {
            assertThat(issue.pointer()).isEqualTo("/network/layers");
            // 802,816 + 1,024 + 245,760 + 240 devices: the weights plus one bias device per analog output
            assertThat(issue.message()).isEqualTo("The analog weights need 1,049,840 devices but the PCM chip has "
                    + "1,048,576 (512 word lines × 2048 bit lines).");
            assertThat(issue.allowed()).isEqualTo("at most 1048576 analog weights");
        });
    }

    @Test
    void aModelOneWeightTooLargeIsRejectedAndOnlyForTheChip() {
        ValidationResult result = validator.validate(document(1024, 241, ""));
        assertThat(capacity(result)).singleElement()
                .satisfies(issue -> assertThat(issue.message()).contains("need 1,049,600 devices"));
        // the same network simulated on the CPU has no such limit
        ValidationResult simulated = validator.validate(document(1024, 241, "").replace("hardware_inference",
                "inference"));
        assertThat(capacity(simulated)).isEmpty();
    }
}
