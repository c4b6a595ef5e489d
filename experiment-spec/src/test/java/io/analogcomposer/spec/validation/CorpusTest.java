package io.analogcomposer.spec.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.spec.json.SpecJson;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The corpus of realistic documents in {@code src/test/resources/corpus}: every valid one passes, every invalid
 * one fails with each expected error (pointer and a fragment of the message). An invalid case is a JSON file
 * {@code {"mistake": ..., "expect": [{"pointer", "message"}], "document": {...}}}, or {@code "document_text"}
 * for text that is not JSON at all.
 */
class CorpusTest {

    static final Validator VALIDATOR = Validator.standard();

    static Stream<Path> valid() throws IOException, URISyntaxException {
        return files("/corpus/valid");
    }

    static Stream<Path> invalid() throws IOException, URISyntaxException {
        return files("/corpus/invalid");
    }

    static Stream<Path> files(String dir) throws IOException, URISyntaxException {
        Path root = Path.of(CorpusTest.class.getResource(dir).toURI());
        try (Stream<Path> list = Files.list(root)) {
            return list.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void validDocumentsPass(Path file) throws IOException {
        ValidationResult result = VALIDATOR.validate(Files.readString(file, StandardCharsets.UTF_8));
        assertThat(result.errors()).as(file.getFileName().toString()).isEmpty();
        assertThat(result.resolved()).isNotNull();
        assertThat(result.backend()).isNotNull();
        // The resolved document is itself valid and stable.
        ValidationResult again = VALIDATOR.validate(result.resolvedJson());
        assertThat(again.errors()).isEmpty();
        assertThat(again.resolved()).isEqualTo(result.resolved());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidDocumentsFailWithTheExpectedErrors(Path file) throws IOException {
        JsonNode testCase = SpecJson.mapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
        String text = testCase.has("document_text")
                ? testCase.get("document_text").asString()
                : SpecJson.write(testCase.get("document"));
        ValidationResult result = VALIDATOR.validate(text);
        assertThat(result.valid()).as(file.getFileName() + " should be rejected").isFalse();
        assertThat(result.resolved()).isNull();
        assertThat(result.errors()).noneMatch(e -> e.code().equals("internal"));
        assertThat(testCase.get("expect").size()).isPositive();
        for (JsonNode expected : testCase.get("expect")) {
            String pointer = expected.get("pointer").asString();
            String fragment = expected.get("message").asString().toLowerCase(Locale.ROOT);
            assertThat(result.errors()).as(file.getFileName() + ": expected " + pointer + " ~ " + fragment)
                    .anySatisfy(e -> {
                        assertThat(e.pointer()).isEqualTo(pointer);
                        assertThat((e.message() + " " + e.allowed()).toLowerCase(Locale.ROOT)).contains(fragment);
                    });
        }
    }

    @Test
    void theCorpusIsLargeEnough() throws Exception {
        List<Path> valid = valid().toList();
        assertThat(valid).hasSizeGreaterThanOrEqualTo(20);
        assertThat(valid.stream().map(p -> p.getFileName().toString())).contains("3fc-training-template.json",
                "3fc-inference-template.json", "lenet5-training-template.json", "lenet5-inference-template.json",
                "vgg8-training-template.json", "vgg8-inference-template.json");
        assertThat(invalid().count()).isGreaterThanOrEqualTo(60);
    }

    @Test
    void errorsCarryPointersSentencesAndAllowedValues() {
        ValidationResult result = VALIDATOR.validate("""
                {"kind": "training", "dataset": {"name": "mnist"},
                 "network": {"input_shape": [1, 28, 28], "layers": [{"type": "flatten"},
                   {"type": "analog_linear", "out_features": 10}, {"type": "log_softmax"}]},
                 "training": {"epochs": 0, "batch_size": 64}}""");
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.pointer()).isEqualTo("/training/epochs");
            assertThat(e.message()).endsWith(".");
            assertThat(e.allowed()).isEqualTo("1 ≤ value ≤ 1000");
        });
    }

    @Test
    void warningsAreSeparateFromErrors() {
        ValidationResult result = VALIDATOR.validate("""
                {"kind": "inference", "dataset": {"name": "fashion-mnist"},
                 "network": {"input_shape": [784], "layers": [{"type": "analog_linear", "out_features": 10},
                   {"type": "log_softmax"}]},
                 "rpu_config": {"drift_compensation": {"type": "none"}},
                 "training": {"epochs": 1}, "inference": {"t_inference": [0, 3600], "repetitions": 2}}""");
        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings()).extracting(Issue::pointer).contains("/rpu_config/drift_compensation",
                "/inference/repetitions");
    }
}
