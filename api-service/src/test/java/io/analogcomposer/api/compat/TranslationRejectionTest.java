package io.analogcomposer.api.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.analogcomposer.api.compat.proto.inference.InferenceInput;
import io.analogcomposer.api.compat.proto.training.AttributeProto;
import io.analogcomposer.api.compat.proto.training.LayerOrActivationFunction;
import io.analogcomposer.api.compat.proto.training.LayerProto;
import io.analogcomposer.api.compat.proto.training.SchedulerProto;
import io.analogcomposer.api.compat.proto.training.TrainingInput;
import io.analogcomposer.api.compat.translate.InputTranslator;
import io.analogcomposer.api.compat.translate.Problem;
import io.analogcomposer.api.compat.translate.TranslationException;
import io.analogcomposer.spec.validation.Validator;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * What the composer cannot run is refused with every problem, each at the message field the AIHWKit user set
 * (mutations of the golden messages, as a user's experiment would differ from them).
 */
class TranslationRejectionTest {

    private static final InputTranslator TRANSLATOR = new InputTranslator(Validator.standard());

    private static TrainingInput.Builder lenet5() throws Exception {
        return TrainingInput.parseFrom(Golden.bytes("training_lenet5_ecram.pb")).toBuilder();
    }

    private static InferenceInput.Builder inference() throws Exception {
        return InferenceInput.parseFrom(Golden.bytes("inference_lenet5_pcm.pb")).toBuilder();
    }

    private static List<Problem> problems(TrainingInput.Builder input) {
        try {
            TRANSLATOR.training(input.build(), "t");
        } catch (TranslationException e) {
            return e.problems();
        }
        throw new AssertionError("the input was accepted");
    }

    private static List<Problem> problems(InferenceInput.Builder input) {
        try {
            TRANSLATOR.inference(input.build(), "t");
        } catch (TranslationException e) {
            return e.problems();
        }
        throw new AssertionError("the input was accepted");
    }

    private static void argument(TrainingInput.Builder input, int layer, String name,
            Consumer<AttributeProto.Builder> change) {
        LayerProto.Builder builder = input.getNetworkBuilder().getLayersBuilder(layer).getLayerBuilder();
        for (AttributeProto.Builder argument : builder.getArgumentsBuilderList()) {
            if (argument.getName().equals(name)) {
                change.accept(argument);
                return;
            }
        }
        throw new AssertionError("layer " + layer + " has no argument " + name);
    }

    @Test
    void everyProblemOfATrainingInputIsReportedAtItsField() throws Exception {
        TrainingInput.Builder input = lenet5();
        input.getDatasetBuilder().setDatasetId("cifar10");
        input.getNetworkBuilder().setLayers(2, LayerOrActivationFunction.newBuilder()
                .setLayer(LayerProto.newBuilder().setId("AvgPool2d")));
        argument(input, 0, "kernel_size", a -> a.clearInts().addInts(3).addInts(5));
        argument(input, 3, "rpu_config", a -> a.setS(ByteString.copyFromUtf8("TTv2EcRamPreset")));
        argument(input, 8, "in_features", a -> a.setType(AttributeProto.AttributeType.FLOAT).setF(512));
        input.getTrainingBuilder().getLossFunctionBuilder().setId("HuberLoss");
        input.getTrainingBuilder().setScheduler(SchedulerProto.newBuilder().setId("StepLR"));

        assertThat(problems(input)).extracting(Problem::toString).containsExactlyInAnyOrder(
                "dataset.dataset_id: 'cifar10' is not a dataset the composer offers (allowed: fashion_mnist, svhn)",
                "network.layers[2].layer (AvgPool2d): 'AvgPool2d' is not a supported layer for training (allowed: "
                        + "Linear, Conv2d, ConvTranspose2d, BatchNorm2d, Flatten, MaxPool2d, AnalogLinear, AnalogConv2d)",
                "network.layers[0].layer (AnalogConv2d).arguments.kernel_size: is [3, 5]; Analog Composer supports"
                        + " square kernels, strides, paddings and dilations only (allowed: equal values, e.g. [3, 3])",
                "network.layers[3].layer (AnalogConv2d).arguments.rpu_config: 'TTv2EcRamPreset' is not an RPU"
                        + " configuration the composer accepts for training (allowed: "
                        + String.join(", ", InputTranslator.TRAINING_PRESETS) + ")",
                "network.layers[8].layer (AnalogLinear).arguments.in_features: must be of type INT, is FLOAT",
                "training.loss_function.id: 'HuberLoss' is not a loss the composer offers (allowed: BCELoss,"
                        + " CrossEntropyLoss, MSELoss, NLLLoss)",
                "training.scheduler: learning-rate schedulers are not part of the composer's format");
    }

    @Test
    void optimizerOtherThanAnalogSgdAndUnknownArgumentsAreRefused() throws Exception {
        TrainingInput.Builder input = lenet5();
        input.getTrainingBuilder().getOptimizerBuilder().setId("Adam");
        assertThat(problems(input)).extracting(Problem::field).containsExactly("training.optimizer.id");

        TrainingInput.Builder momentum = lenet5();
        momentum.getTrainingBuilder().getOptimizerBuilder().addArguments(AttributeProto.newBuilder()
                .setName("momentum").setType(AttributeProto.AttributeType.FLOAT).setF(0.9f));
        argument(momentum, 8, "bias", a -> a.setName("biased"));
        assertThat(problems(momentum)).extracting(Problem::toString).containsExactlyInAnyOrder(
                "training.optimizer.arguments.momentum: is not an argument of AnalogSGD (allowed: lr)",
                "network.layers[8].layer (AnalogLinear).arguments.biased: is not an argument of AnalogLinear"
                        + " (allowed: in_features, out_features, bias, weight_scaling_omega, rpu_config)");
    }

    @Test
    void whatOurValidatorRefusesIsShownAtTheMessageField() throws Exception {
        TrainingInput.Builder input = lenet5();
        input.getTrainingBuilder().setEpochs(5000);
        input.getDatasetBuilder().setBatchSize(0);
        argument(input, 8, "in_features", a -> a.setI(100));
        List<Problem> problems = problems(input);
        assertThat(problems).extracting(Problem::field).contains("training.epochs", "dataset.batch_size");
        assertThat(problems)
                .anySatisfy(p -> assertThat(p.field()).startsWith("network.layers[8].layer (AnalogLinear)"));
    }

    @Test
    void inferenceInputsAreCheckedForPresetsResolutionsNoiseModelAndWeights() throws Exception {
        InferenceInput.Builder input = inference();
        input.getNetworkBuilder().getLayersBuilder(0).getLayerBuilder().getArgumentsBuilderList().stream()
                .filter(a -> a.getName().equals("rpu_config")).findFirst().orElseThrow()
                .setS(ByteString.copyFromUtf8("InferenceRPUConfig"));
        input.getInferencingBuilder().getAnalogInfoBuilder().setAdc(1).setDac(-3);
        input.getInferencingBuilder().getNoiseModelInfoBuilder().getPcmBuilder().setDeviceId("rram");
        input.getNetworkBuilder().setWeightTemplateId("hw-trained-vgg8");
        assertThat(problems(input)).extracting(Problem::field).containsExactlyInAnyOrder("network.layers",
                "inferencing.analog_info.adc", "inferencing.analog_info.dac",
                "inferencing.noise_model_info.pcm.device_id", "network.weight_template_id");

        InferenceInput.Builder url = inference();
        url.getNetworkBuilder().setWeightTemplateId("https://example.org/lenet.pth");
        assertThat(problems(url)).singleElement().satisfies(p -> assertThat(p.message())
                .contains("not loaded from paths or URLs"));
    }

    @Test
    void inferenceTimeAndRepeatsOutOfRangeAreShownAtTheirFields() throws Exception {
        InferenceInput.Builder input = inference();
        input.getInferencingBuilder().setInferenceTime(0).setInferenceRepeats(0);
        assertThat(problems(input)).extracting(Problem::field).contains("inferencing.inference_time",
                "inferencing.inference_repeats");
    }

    @Test
    void bytesThatAreNotTheMessageAreRefusedWithTheParsersReason() {
        assertThatThrownBy(() -> TRANSLATOR.training(new byte[]{0x0a, 0x02, 0x08, 0x01}, "t"))
                .isInstanceOf(TranslationException.class)
                .hasMessageContaining("input: is not a valid aihwx.TrainingInput")
                .hasMessageContaining("missing required fields");
        // An inference message is not a training message: the experiment's category decides how bytes are read.
        assertThatThrownBy(() -> TRANSLATOR.training(Golden.bytes("inference_lenet5_pcm.pb"), "t"))
                .isInstanceOf(TranslationException.class);
    }

    @Test
    void converterBitsBecomeAihwkitsStepsAndZeroOrUnsetBitsTurnQuantizationOff() throws Exception {
        InferenceInput.Builder input = inference();
        input.getInferencingBuilder().getAnalogInfoBuilder().clearAdc().setDac(0).setOutputNoiseStrength(0.0f);
        var forward = TRANSLATOR.inference(input.build(), "t").get("rpu_config").get("forward");
        // AIHWKit reads an unset proto2 int64 as 0: 1 / (2^0 - 2) = -1, which switches the converter off
        assertThat(forward.get("out_res").asDouble()).isEqualTo(-1.0);
        assertThat(forward.get("inp_res").asDouble()).isEqualTo(-1.0);
        assertThat(forward.get("out_noise").asDouble()).isZero();

        input.getInferencingBuilder().getAnalogInfoBuilder().setAdc(2).setDac(12);
        forward = TRANSLATOR.inference(input.build(), "t").get("rpu_config").get("forward");
        assertThat(forward.get("out_res").asDouble()).isEqualTo(0.5);
        assertThat(forward.get("inp_res").asDouble()).isEqualTo(1.0 / 4094);

        input.getInferencingBuilder().getAnalogInfoBuilder().setAdc(65).setDac(1);
        assertThat(problems(input)).extracting(Problem::field).containsExactlyInAnyOrder(
                "inferencing.analog_info.adc", "inferencing.analog_info.dac");
    }

    @Test
    void aDriftCompensationFlagOfFalseTurnsCompensationOff() throws Exception {
        InferenceInput.Builder input = inference();
        input.getInferencingBuilder().getNoiseModelInfoBuilder().getPcmBuilder().setDriftCompensation(false);
        assertThat(TRANSLATOR.inference(input.build(), "t").get("rpu_config").get("drift_compensation").get("type")
                .asString()).isEqualTo("none");
    }
}
