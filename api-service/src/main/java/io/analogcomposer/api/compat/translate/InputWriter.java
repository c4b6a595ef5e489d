package io.analogcomposer.api.compat.translate;

import com.google.protobuf.ByteString;
import io.analogcomposer.api.compat.proto.training.ActivationFunctionProto;
import io.analogcomposer.api.compat.proto.training.AttributeProto;
import io.analogcomposer.api.compat.proto.training.AttributeProto.AttributeType;
import io.analogcomposer.api.compat.proto.training.Dataset;
import io.analogcomposer.api.compat.proto.training.LayerOrActivationFunction;
import io.analogcomposer.api.compat.proto.training.LayerProto;
import io.analogcomposer.api.compat.proto.training.LossFunctionProto;
import io.analogcomposer.api.compat.proto.training.Network;
import io.analogcomposer.api.compat.proto.training.OptimizerProto;
import io.analogcomposer.api.compat.proto.training.Training;
import io.analogcomposer.api.compat.proto.training.TrainingInput;
import io.analogcomposer.api.compat.proto.training.Version;
import io.analogcomposer.spec.validation.ValidationResult;
import io.analogcomposer.spec.validation.Validator;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The way back: the {@code aihwx.TrainingInput} an AIHWKit user would have sent for a training document made in
 * our web UI, so the client's {@code get_experiment()} works on those too. Only documents that say nothing the
 * message cannot carry are written (AIHWKit datasets, layers and presets, AnalogSGD, no rpu_config overrides);
 * for the others there is no input, rather than a message that would describe a different experiment.
 */
public final class InputWriter {

    private static final Map<String, String> DATASETS = Map.of("fashion-mnist", "fashion_mnist", "svhn", "svhn");
    private static final Map<String, String> LOSSES = Map.of("nll", "NLLLoss", "cross_entropy", "CrossEntropyLoss",
            "mse", "MSELoss", "bce", "BCELoss");
    private static final Map<String, String> ACTIVATIONS = Map.of("relu", "ReLU", "sigmoid", "Sigmoid", "tanh",
            "Tanh", "log_sigmoid", "LogSigmoid", "leaky_relu", "LeakyReLU", "softmax", "Softmax", "log_softmax",
            "LogSoftmax");
    private static final Set<String> DATASET_KEYS = Set.of("name", "normalize");
    private static final Set<String> TRAINING_KEYS = Set.of("epochs", "batch_size", "loss", "optimizer", "shuffle");
    private static final Set<String> OPTIMIZER_KEYS = Set.of("type", "lr");

    private final Validator validator;

    public InputWriter(Validator validator) {
        this.validator = validator;
    }

    /** The serialized message for a training document, if the message can say all of it. */
    public Optional<byte[]> training(JsonNode document) {
        if (!"training".equals(document.path("kind").asString()) || document.has("rpu_config")
                || !onlyKeys(document.path("dataset"), DATASET_KEYS)
                || !document.path("dataset").path("normalize").asBoolean(true)
                || !onlyKeys(document.path("training"), TRAINING_KEYS)
                || !document.path("training").path("shuffle").asBoolean(true)
                || !onlyKeys(document.path("training").path("optimizer"), OPTIMIZER_KEYS)
                || !"analog_sgd".equals(document.path("training").path("optimizer").path("type").asString("analog_sgd"))
                || !DATASETS.containsKey(document.path("dataset").path("name").asString(""))) {
            return Optional.empty();
        }
        ValidationResult result = validator.validate(document);
        if (!result.valid()) {
            return Optional.empty();
        }
        JsonNode resolved = result.resolvedJson();
        String experimentPreset = document.path("preset").asString(null);
        Network.Builder network = Network.newBuilder();
        JsonNode original = document.path("network").path("layers");
        JsonNode layers = resolved.path("network").path("layers");
        for (int i = 0; i < layers.size(); i++) {
            JsonNode layer = layers.get(i);
            if (original.get(i).has("rpu_config")) {
                return Optional.empty();
            }
            String preset = original.get(i).path("preset").asString(experimentPreset);
            Optional<LayerOrActivationFunction> entry = entry(layer, preset);
            if (entry.isEmpty()) {
                return Optional.empty();
            }
            network.addLayers(entry.get());
        }
        JsonNode training = resolved.path("training");
        String loss = LOSSES.get(training.path("loss").asString("nll"));
        TrainingInput input = TrainingInput.newBuilder().setVersion(Version.newBuilder().setSchema(1).setOpset(1))
                .setDataset(Dataset.newBuilder().setDatasetId(DATASETS.get(document.path("dataset").path("name")
                        .asString())).setBatchSize(training.path("batch_size").asInt(64)))
                .setNetwork(network)
                .setTraining(Training.newBuilder()
                        .setOptimizer(OptimizerProto.newBuilder().setId("AnalogSGD")
                                .addArguments(floatArg("lr", training.path("optimizer").path("lr").asDouble(0.05))))
                        .setLossFunction(LossFunctionProto.newBuilder().setId(loss))
                        .setEpochs(training.path("epochs").asInt(30)))
                .build();
        return Optional.of(input.toByteArray());
    }

    /** One network entry with AIHWKit's arguments in its converter's order; empty if AIHWKit has no such layer. */
    private static Optional<LayerOrActivationFunction> entry(JsonNode layer, String preset) {
        String type = layer.path("type").asString();
        if (ACTIVATIONS.containsKey(type)) {
            ActivationFunctionProto.Builder activation = ActivationFunctionProto.newBuilder()
                    .setId(ACTIVATIONS.get(type));
            switch (type) {
                case "leaky_relu" -> activation
                        .addArguments(floatArg("negative_slope", layer.path("negative_slope").asDouble(0.01)));
                case "softmax", "log_softmax" -> activation.addArguments(intArg("dim", layer.path("dim").asInt(1)));
                default -> {
                }
            }
            return Optional.of(LayerOrActivationFunction.newBuilder().setActivationFunction(activation).build());
        }
        boolean analog = type.startsWith("analog_");
        if (analog && (preset == null || !InputTranslator.TRAINING_PRESETS.contains(preset))) {
            return Optional.empty();
        }
        LayerProto.Builder out = LayerProto.newBuilder();
        switch (type) {
            case "flatten" -> out.setId("Flatten");
            case "batch_norm2d" -> out.setId("BatchNorm2d")
                    .addArguments(intArg("num_features", layer.path("num_features").asInt()));
            case "max_pool2d" -> out.setId("MaxPool2d")
                    .addArguments(intArg("kernel_size", layer.path("kernel_size").asInt()))
                    .addArguments(intArg("stride", layer.path("stride").asInt(layer.path("kernel_size").asInt())))
                    .addArguments(intArg("padding", layer.path("padding").asInt(0)))
                    .addArguments(intArg("dilation", layer.path("dilation").asInt(1)))
                    .addArguments(boolArg("ceil_mode", layer.path("ceil_mode").asBoolean(false)));
            case "linear", "analog_linear" -> out.setId(analog ? "AnalogLinear" : "Linear")
                    .addArguments(intArg("in_features", layer.path("in_features").asInt()))
                    .addArguments(intArg("out_features", layer.path("out_features").asInt()))
                    .addArguments(boolArg("bias", layer.path("bias").asBoolean(true)));
            case "conv2d", "analog_conv2d", "conv_transpose2d" -> {
                out.setId(analog ? "AnalogConv2d" : type.equals("conv2d") ? "Conv2d" : "ConvTranspose2d")
                        .addArguments(intArg("in_channels", layer.path("in_channels").asInt()))
                        .addArguments(intArg("out_channels", layer.path("out_channels").asInt()))
                        .addArguments(pairArg("kernel_size", layer.path("kernel_size").asInt()))
                        .addArguments(pairArg("stride", layer.path("stride").asInt(1)))
                        .addArguments(pairArg("padding", layer.path("padding").asInt(0)));
                if (type.equals("conv_transpose2d")) {
                    out.addArguments(pairArg("output_padding", layer.path("output_padding").asInt(0)));
                }
                out.addArguments(pairArg("dilation", layer.path("dilation").asInt(1)))
                        .addArguments(boolArg("bias", layer.path("bias").asBoolean(true)));
            }
            default -> {
                return Optional.empty();
            }
        }
        if (analog) {
            out.addArguments(AttributeProto.newBuilder().setName("rpu_config")
                    .setS(ByteString.copyFrom(preset, StandardCharsets.UTF_8)).setType(AttributeType.STRING));
            out.addArguments(floatArg("weight_scaling_omega",
                    layer.path("rpu_config").path("mapping").path("weight_scaling_omega").asDouble(0.0)));
        }
        return Optional.of(LayerOrActivationFunction.newBuilder().setLayer(out).build());
    }

    private static boolean onlyKeys(JsonNode node, Set<String> allowed) {
        return node.isMissingNode() || node.propertyNames().stream().allMatch(allowed::contains);
    }

    private static AttributeProto intArg(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setI(value).setType(AttributeType.INT).build();
    }

    private static AttributeProto pairArg(String name, long value) {
        return AttributeProto.newBuilder().setName(name).addInts(value).addInts(value).setType(AttributeType.INTS)
                .build();
    }

    private static AttributeProto boolArg(String name, boolean value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.BOOL).setB(value).build();
    }

    private static AttributeProto floatArg(String name, double value) {
        return AttributeProto.newBuilder().setName(name).setF((float) value).setType(AttributeType.FLOAT).build();
    }
}
