package io.analogcomposer.spec.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.spec.catalogue.DatasetInfo;
import io.analogcomposer.spec.datasets.UploadedDatasets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A document may name a dataset the user uploaded ({@code user:<uuid>}); its facts come from whoever validates (the
 * API from its database, the validator from the job), and the shape, class and limit rules apply as for the
 * catalogue's datasets.
 */
class UploadedDatasetValidationTest {

    static final String REF = "user:0b6c1f1e-3f55-4a8e-9d2b-2f7c9c3e5a10";
    static final DatasetInfo FACTS = new DatasetInfo(REF, "my dots", List.of(1, 8, 8), 3, 200, 50, null, null,
            "uploaded");
    final Validator validator = Validator.standard();

    static String document(String name, String inputShape, int outputs, String extra) {
        return """
                {"kind": "training", "dataset": {"name": "%s"%s},
                 "network": {"input_shape": %s, "layers": [
                   {"type": "flatten"}, {"type": "analog_linear", "out_features": %d}, {"type": "log_softmax"}]},
                 "training": {"epochs": 1, "batch_size": 10}}""".formatted(name, extra, inputShape, outputs);
    }

    private static List<Issue> at(ValidationResult result, String pointer) {
        return result.errors().stream().filter(i -> i.pointer().equals(pointer)).toList();
    }

    @Test
    void anUploadedDatasetWhoseFactsAreKnownIsValid() {
        ValidationResult result = validator.validate(document(REF, "[1, 8, 8]", 3, ""), UploadedDatasets.of(FACTS));
        assertThat(result.errors()).isEmpty();
        assertThat(result.resolved().dataset().name()).isEqualTo(REF);
    }

    @Test
    void withoutItsFactsTheNameIsRefusedAtDatasetName() {
        ValidationResult result = validator.validate(document(REF, "[1, 8, 8]", 3, ""));
        assertThat(at(result, "/dataset/name")).singleElement().satisfies(issue -> {
            assertThat(issue.message()).contains(REF, "not one of yours", "deleted");
            assertThat(issue.code()).isEqualTo("uploaded_dataset_unknown");
            assertThat(issue.allowed()).contains("GET /api/v1/datasets", "fashion-mnist");
        });
    }

    @Test
    void theInputShapeAndTheClassesAreCheckedAgainstTheUpload() {
        ValidationResult result = validator.validate(document(REF, "[1, 28, 28]", 10, ""),
                UploadedDatasets.of(FACTS));
        assertThat(at(result, "/network/input_shape")).singleElement()
                .satisfies(issue -> assertThat(issue.message()).contains("[1, 8, 8]"));
        assertThat(at(result, "/network/layers/1/out_features")).singleElement()
                .satisfies(issue -> assertThat(issue.message()).contains("has 3 classes"));
        // the flat form of the same samples is accepted, as for catalogue datasets
        assertThat(validator.validate(document(REF, "[64]", 3, ""), UploadedDatasets.of(FACTS)).errors()).isEmpty();
    }

    @Test
    void theComputeLimitsCountTheUploadsSamples() {
        DatasetInfo big = new DatasetInfo(REF, "big", List.of(1, 8, 8), 3, 5_000_000, 50, null, null, "uploaded");
        String doc = document(REF, "[1, 8, 8]", 3, "").replace("\"epochs\": 1", "\"epochs\": 100");
        ValidationResult result = validator.validate(doc, UploadedDatasets.of(big));
        assertThat(at(result, "/training/epochs")).isNotEmpty();
        // the same epochs on few samples are fine
        assertThat(validator.validate(doc, UploadedDatasets.of(FACTS)).errors()).isEmpty();
    }

    @Test
    void anotherUsersDatasetIsNotKnownBecauseTheCallerKnowsOnlyTheSubmittersOwn() {
        String other = "user:11111111-2222-4333-8444-555555555555";
        ValidationResult result = validator.validate(document(other, "[1, 8, 8]", 3, ""), UploadedDatasets.of(FACTS));
        assertThat(at(result, "/dataset/name")).singleElement()
                .satisfies(issue -> assertThat(issue.message()).contains(other, "not one of yours"));
    }

    @Test
    void aNameOfNeitherFormIsASchemaErrorNamingBothForms() {
        ValidationResult result = validator.validate(document("user:not-a-uuid", "[1, 8, 8]", 3, ""),
                UploadedDatasets.of(FACTS));
        assertThat(at(result, "/dataset/name")).singleElement().satisfies(issue -> {
            assertThat(issue.code()).isEqualTo("invalid_value");
            assertThat(issue.allowed()).contains("fashion-mnist", "user:<id> of a dataset you uploaded");
        });
        ValidationResult typo = validator.validate(document("fashon-mnist", "[1, 28, 28]", 10, ""));
        assertThat(at(typo, "/dataset/name")).singleElement()
                .satisfies(issue -> assertThat(issue.message()).contains("Did you mean 'fashion-mnist'?"));
    }
}
