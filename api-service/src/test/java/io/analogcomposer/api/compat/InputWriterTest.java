package io.analogcomposer.api.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.api.compat.translate.InputTranslator;
import io.analogcomposer.api.compat.translate.InputWriter;
import io.analogcomposer.spec.catalogue.Catalogue;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.validation.Validator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

/** Training documents made in our UI become the message AIHWKit would have sent, byte for byte. */
class InputWriterTest {

    private static final Validator VALIDATOR = Validator.standard();
    private static final InputTranslator TRANSLATOR = new InputTranslator(VALIDATOR);
    private static final InputWriter WRITER = new InputWriter(VALIDATOR);

    @ParameterizedTest
    @ValueSource(strings = {"training_3fc_capacitor", "training_3fc_tikitaka", "training_lenet5_ecram",
            "training_3fc_mp_pcm"})
    void aTranslatedGoldenInputIsWrittenBackToTheSameBytes(String file) {
        byte[] golden = Golden.bytes(file + ".pb");
        assertThat(WRITER.training(TRANSLATOR.training(golden, "t")).orElseThrow()).isEqualTo(golden);
    }

    @Test
    void theTrainingTemplatesHaveAnInputAndOverridesTheMessageCannotCarryHaveNone() {
        ObjectNode template = (ObjectNode) Catalogue.get().template("3fc-training").orElseThrow().document()
                .deepCopy();
        // the gallery's template trains on raw pixels ([0, 1], as AIHWKit's measured runs), which the message
        // cannot say; with normalization on, it can
        assertThat(WRITER.training(template)).isEmpty();
        ((ObjectNode) template.get("dataset")).remove("normalize");
        assertThat(WRITER.training(template)).isPresent();
        template.putObject("rpu_config").putObject("forward").put("out_noise", 0.1);
        assertThat(WRITER.training(template)).isEmpty();
        assertThat(WRITER.training(SpecJson.mapper().readTree(SpecJson.write(
                Catalogue.get().template("lenet5-inference").orElseThrow().document())))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"inference_lenet5_pcm", "inference_lenet5_generic"})
    void aTranslatedGoldenInferenceInputIsWrittenBackToTheSameExperiment(String file) throws Exception {
        var document = TRANSLATOR.inference(Golden.bytes(file + ".pb"), "t");
        byte[] written = WRITER.inference(document).orElseThrow();
        var input = io.analogcomposer.api.compat.proto.inference.InferenceInput.parseFrom(written);
        assertThat(input.getNetwork().getWeightTemplateId()).isEqualTo("hwa-trained-lenet5");
        assertThat(input.getInferencing().getAnalogInfo().getAdc()).isEqualTo(9);
        assertThat(input.getInferencing().getAnalogInfo().getDac()).isEqualTo(7);
        var golden = io.analogcomposer.api.compat.proto.inference.InferenceInput.parseFrom(Golden.bytes(file + ".pb"));
        assertThat(input.getInferencing()).isEqualTo(golden.getInferencing());
        assertThat(input.getDataset()).isEqualTo(golden.getDataset());
        assertThat(TRANSLATOR.inference(written, "t")).isEqualTo(document);
    }

    @Test
    void anInferenceDocumentWithItsOwnTimeGridHasNoInput() {
        ObjectNode template = (ObjectNode) Catalogue.get().template("lenet5-inference").orElseThrow().document()
                .deepCopy();
        assertThat(WRITER.inference(template)).as("t_inference is not the composer's grid").isEmpty();
        ObjectNode inference = (ObjectNode) template.get("inference");
        inference.remove("t_inference");
        inference.put("inference_time", 3600);
        assertThat(WRITER.inference(template)).isPresent();
    }
}
