package io.analogcomposer.spec.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * "Bring your own conductances": a hardware_inference document naming an uploaded Fusion CSV needs no weights of its
 * own, and the field makes sense only there.
 */
class TargetConductancesValidationTest {

    static final String FILE = "0b6c1f1e-3f55-4a8e-9d2b-2f7c9c3e5a10";
    final Validator validator = Validator.standard();

    static String document(String kind, String inference, String extra) {
        return """
                {"kind": "%s", "dataset": {"name": "fashion-mnist"},
                 "network": {"input_shape": [1, 28, 28], "layers": [
                   {"type": "flatten"}, {"type": "analog_linear", "out_features": 10}, {"type": "log_softmax"}]},
                 "inference": {%s}%s}""".formatted(kind, inference, extra);
    }

    private static List<Issue> at(ValidationResult result, String pointer) {
        return result.errors().stream().filter(i -> i.pointer().equals(pointer)).toList();
    }

    @Test
    void aHardwareRunOfAnUploadedFileNeedsNeitherTrainingNorATemplate() {
        ValidationResult result = validator.validate(document("hardware_inference",
                "\"target_conductances\": \"" + FILE + "\", \"t_inference\": [0, 3600]", ""));
        assertThat(result.errors()).isEmpty();
        assertThat(result.resolved().inference().targetConductances()).isEqualTo(FILE);
    }

    @Test
    void onlyTheChipProgramsUploadedConductances() {
        ValidationResult result = validator.validate(document("inference",
                "\"target_conductances\": \"" + FILE + "\"", ""));
        assertThat(at(result, "/inference/target_conductances")).singleElement()
                .satisfies(issue -> assertThat(issue.message()).contains("hardware_inference", "not inference"));
    }

    @Test
    void aTemplateBesideTheFileIsRefusedAndTrainingIsIgnoredWithAWarning() {
        ValidationResult result = validator.validate(document("hardware_inference",
                "\"target_conductances\": \"" + FILE + "\", \"weight_template\": \"ac-digital-trained-lenet5\"",
                ", \"training\": {\"epochs\": 1}"));
        assertThat(at(result, "/inference/weight_template")).singleElement()
                .satisfies(issue -> assertThat(issue.message()).contains("give one of the two"));
        assertThat(result.warnings()).anySatisfy(w -> assertThat(w.pointer()).isEqualTo("/training"));
    }

    @Test
    void somethingOtherThanAnUploadIdIsNamed() {
        ValidationResult result = validator.validate(document("hardware_inference",
                "\"target_conductances\": \"my_file.csv\"", ""));
        assertThat(at(result, "/inference/target_conductances")).singleElement()
                .satisfies(issue -> assertThat(issue.message()).contains("'my_file.csv' is not the id"));
    }
}
