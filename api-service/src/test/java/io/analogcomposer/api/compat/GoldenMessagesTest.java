package io.analogcomposer.api.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import io.analogcomposer.api.compat.proto.inference.InferenceInput;
import io.analogcomposer.api.compat.proto.inference.InferencingOutput;
import io.analogcomposer.api.compat.proto.training.TrainingInput;
import io.analogcomposer.api.compat.proto.training.TrainingOutput;
import io.analogcomposer.api.compat.translate.InputTranslator;
import io.analogcomposer.api.compat.translate.OutputWriter;
import io.analogcomposer.spec.experiment.ExperimentKind;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.RunResult;
import io.analogcomposer.spec.validation.Validator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * Our proto schemas read and write AIHWKit's golden messages byte for byte, every golden input translates to the
 * experiment document the reference describes, and the outputs we write are the reference's output messages.
 */
class GoldenMessagesTest {

    private static final InputTranslator TRANSLATOR = new InputTranslator(Validator.standard());

    @ParameterizedTest
    @CsvSource({"training_3fc_capacitor, training", "training_3fc_tikitaka, training",
            "training_lenet5_ecram, training", "training_3fc_mp_pcm, training", "inference_lenet5_pcm, inference",
            "inference_lenet5_generic, inference", "output_training_example, training_output",
            "output_inference_example, inference_output"})
    void everyGoldenFileParsesCompletelyAndReencodesToTheSameBytes(String name, String type) throws Exception {
        byte[] golden = Golden.bytes(name + ".pb");
        Message.Builder builder = switch (type) {
            case "training" -> TrainingInput.newBuilder();
            case "inference" -> InferenceInput.newBuilder();
            case "training_output" -> TrainingOutput.newBuilder();
            default -> InferencingOutput.newBuilder();
        };
        Message parsed = builder.clone().mergeFrom(golden).build();
        assertThat(parsed.isInitialized()).isTrue();
        assertThat(parsed.getUnknownFields().asMap()).as("fields our schema does not know").isEmpty();
        assertThat(parsed.toByteArray()).as("re-encoded " + name).isEqualTo(golden);
        Message.Builder fromText = builder.clone();
        TextFormat.merge(Golden.text(name + ".txt"), fromText);
        assertThat(fromText.build().toByteArray()).as("text dump of " + name).isEqualTo(golden);
    }

    @ParameterizedTest
    @CsvSource({"training_3fc_capacitor, CapacitorPreset, 8, 1, 0.01",
            "training_3fc_tikitaka, TikiTakaReRamSBPreset, 8, 1, 0.01",
            "training_3fc_mp_pcm, MixedPrecisionPCMPreset, 64, 30, 0.05"})
    void threeFullyConnectedTrainingInputsTranslate(String file, String preset, int batch, int epochs, double lr) {
        JsonNode document = normalized(TRANSLATOR.training(Golden.bytes(file + ".pb"), "golden"));
        assertThat(document).isEqualTo(SpecJson.mapper().readTree("""
                {"schema_version": 1, "kind": "training", "name": "golden",
                 "dataset": {"name": "fashion-mnist"},
                 "network": {"input_shape": [1, 28, 28], "layers": [
                   {"type": "flatten"},
                   {"type": "analog_linear", "in_features": 784, "out_features": 256, "bias": true},
                   {"type": "sigmoid"},
                   {"type": "analog_linear", "in_features": 256, "out_features": 128, "bias": true},
                   {"type": "sigmoid"},
                   {"type": "analog_linear", "in_features": 128, "out_features": 10, "bias": true},
                   {"type": "log_softmax", "dim": 1}]},
                 "preset": "%s",
                 "training": {"epochs": %d, "batch_size": %d, "loss": "nll",
                              "optimizer": {"type": "analog_sgd", "lr": %s}}}
                """.formatted(preset, epochs, batch, lr)));
    }

    @Test
    void leNet5TrainingInputTranslatesWithConvolutionsAndPooling() {
        JsonNode document = normalized(TRANSLATOR.training(Golden.bytes("training_lenet5_ecram.pb"), "golden"));
        assertThat(document).isEqualTo(SpecJson.mapper().readTree("""
                {"schema_version": 1, "kind": "training", "name": "golden",
                 "dataset": {"name": "fashion-mnist"},
                 "network": {"input_shape": [1, 28, 28], "layers": %s},
                 "preset": "EcRamPreset",
                 "training": {"epochs": 1, "batch_size": 8, "loss": "nll",
                              "optimizer": {"type": "analog_sgd", "lr": 0.01}}}
                """.formatted(LENET5_LAYERS)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "inference_lenet5_pcm|{\"type\": \"pcm_like\", \"g_max\": 25.0, \"prog_coeff\": [0.26348, 1.965, -1.1731], \"prog_noise_scale\": 1.0, \"read_noise_scale\": 1.0, \"drift_scale\": 1.0}",
            "inference_lenet5_generic|{\"type\": \"generic\", \"g_max\": 25.0, \"prog_coeff\": [0.26348, 1.965, -1.1731], \"prog_noise_scale\": 1.0, \"read_noise_scale\": 1.0, \"drift_scale\": 1.0, \"drift_nu_mean\": 0.05, \"drift_nu_std\": 0.01}"})
    void leNet5InferenceInputsTranslateWithTheirNoiseModel(String file, String noiseModel) {
        JsonNode document = normalized(TRANSLATOR.inference(Golden.bytes(file + ".pb"), "golden"));
        assertThat(document).isEqualTo(SpecJson.mapper().readTree("""
                {"schema_version": 1, "kind": "inference", "name": "golden",
                 "dataset": {"name": "fashion-mnist", "normalize": false},
                 "network": {"input_shape": [1, 28, 28], "layers": %s},
                 "preset": "WebComposerInferenceRPUConfig",
                 "rpu_config": {"forward": {"out_noise": 0.04, "out_res": %s, "inp_res": %s},
                                "noise_model": %s,
                                "drift_compensation": {"type": "global"}},
                 "inference": {"inference_time": 86400, "n_times": 10, "repetitions": 2, "batch_size": 8,
                               "weight_template": "hwa-trained-lenet5"}}
                """.formatted(LENET5_LAYERS, 1.0 / 510, 1.0 / 126, noiseModel)));
    }

    @Test
    void ourTrainingOutputIsTheReferenceMessageByteForByte() {
        JsonNode reference = SpecJson.mapper().readTree(Golden.text("output_training_example.json"))
                .get("BasicTrainingResultConverter.from_proto").get("epochs");
        List<RunResult.EpochResult> epochs = new ArrayList<>();
        for (JsonNode epoch : reference) {
            Map<String, Double> metrics = new LinkedHashMap<>();
            // Stored in another order than AIHWKit reports them: the writer puts them in AIHWKit's order.
            for (String name : List.of("time_epoch", "valid_loss", "accuracy", "train_loss")) {
                metrics.put(name, epoch.get("metrics").get(name).asDouble());
            }
            epochs.add(new RunResult.EpochResult(epoch.get("epoch").asInt(), metrics));
        }
        RunResult result = new RunResult(ExperimentKind.TRAINING, epochs, List.of(), Map.of(), List.of(), "test",
                123.0);
        // The reference output carries a copy of the 3FC capacitor input's network.
        TrainingOutput ours = OutputWriter.training(result,
                parse(Golden.bytes("training_3fc_capacitor.pb")).getNetwork());
        assertThat(ours.toByteArray()).isEqualTo(Golden.bytes("output_training_example.pb"));
    }

    @Test
    void ourInferenceOutputIsTheReferenceMessageByteForByte() {
        JsonNode reference = SpecJson.mapper().readTree(Golden.text("output_inference_example.json"));
        JsonNode runs = reference.get("BasicInferencingResultConverter.to_json_from_pb").get("inference_runs");
        List<RunResult.InferenceResult> results = new ArrayList<>();
        for (JsonNode r : reference.get("BasicInferencingResultConverter.result_from_proto")) {
            results.add(new RunResult.InferenceResult(r.get("t_inference").asDouble(),
                    r.get("avg_accuracy").asDouble(), r.get("std_accuracy").asDouble(), r.get("avg_error").asDouble(),
                    r.get("avg_loss").asDouble(), 0.01));
        }
        RunResult result = new RunResult(ExperimentKind.INFERENCE, List.of(), results, Map.of(), List.of(), "test",
                runs.get("time_elapsed").asDouble());
        InferencingOutput ours = OutputWriter.inference(result, runs.get("inference_repeat").asLong());
        assertThat(ours.getInferenceRuns().getInferenceResultsCount()).isEqualTo(10);
        assertThat(ours.toByteArray()).isEqualTo(Golden.bytes("output_inference_example.pb"));
    }

    @Test
    void anEmptyRunStillWritesEveryRequiredField() throws Exception {
        RunResult empty = new RunResult(ExperimentKind.TRAINING, List.of(), List.of(), Map.of(), List.of(), "t", 0);
        TrainingOutput training = TrainingOutput.parseFrom(
                OutputWriter.training(empty, io.analogcomposer.api.compat.proto.training.Network.getDefaultInstance())
                        .toByteArray());
        assertThat(training.hasNetwork()).isTrue();
        assertThat(training.getVersion().getSchema()).isEqualTo(1);
        InferencingOutput inference = InferencingOutput.parseFrom(OutputWriter.inference(empty, 3).toByteArray());
        assertThat(inference.getInferenceRuns().hasIsPartial()).isTrue();
        assertThat(inference.getInferenceRuns().getInferenceRepeat()).isEqualTo(3);
    }

    private static TrainingInput parse(byte[] bytes) {
        try {
            return TrainingInput.parseFrom(bytes);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    /** Through JSON text and back, so that int/long and float/double node types do not matter. */
    static JsonNode normalized(JsonNode node) {
        return SpecJson.mapper().readTree(SpecJson.write(node));
    }

    /** LeNet5 as the reference lists it (the same 12 entries for training and mapped inference). */
    static final String LENET5_LAYERS = """
            [{"type": "analog_conv2d", "in_channels": 1, "out_channels": 16, "kernel_size": 5, "stride": 1,
              "padding": 0, "dilation": 1, "bias": true},
             {"type": "tanh"},
             {"type": "max_pool2d", "kernel_size": 2, "stride": 2, "padding": 0, "dilation": 1, "ceil_mode": false},
             {"type": "analog_conv2d", "in_channels": 16, "out_channels": 32, "kernel_size": 5, "stride": 1,
              "padding": 0, "dilation": 1, "bias": true},
             {"type": "tanh"},
             {"type": "max_pool2d", "kernel_size": 2, "stride": 2, "padding": 0, "dilation": 1, "ceil_mode": false},
             {"type": "tanh"},
             {"type": "flatten"},
             {"type": "analog_linear", "in_features": 512, "out_features": 128, "bias": true},
             {"type": "tanh"},
             {"type": "analog_linear", "in_features": 128, "out_features": 10, "bias": true},
             {"type": "log_softmax", "dim": 1}]""";
}
