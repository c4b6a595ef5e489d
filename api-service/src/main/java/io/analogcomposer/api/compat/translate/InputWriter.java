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
 * The way back: the {@code aihwx.TrainingInput} or {@code aihwx.inferencing.InferenceInput} an AIHWKit user would
 * have sent for a document made in our web UI, so the client's {@code get_experiment()} works on those too. Only
 * documents that say nothing the message cannot carry are written (AIHWKit datasets, layers and presets,
 * AnalogSGD, the composer's inference time grid, no other rpu_config overrides); for the others there is no
 * input, rather than a message that would describe a different experiment.
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
            Optional<LayerOrActivationFunction> entry = entry(layer, preset, true);
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

    private static final Set<String> INFERENCE_RPU_KEYS = Set.of("forward", "noise_model", "drift_compensation");
    private static final Set<String> FORWARD_KEYS = Set.of("out_noise", "out_bits", "inp_bits", "out_res", "inp_res");
    private static final Set<String> NOISE_KEYS = Set.of("type", "g_max", "prog_coeff", "prog_noise_scale",
            "read_noise_scale", "drift_scale", "drift_nu_mean", "drift_nu_std");
    private static final Set<String> INFERENCE_KEYS = Set.of("inference_time", "n_times", "repetitions",
            "batch_size", "weight_template");
    /** The only grid the message can describe: t = 0 and nine log-spaced times up to inference_time. */
    private static final int INFERENCE_TIMES = 10;
    private static final double G_MAX = 25.0;

    /**
     * The serialized {@code aihwx.inferencing.InferenceInput} for an inference document, if the message can say all
     * of it: one of the three inference presets on every analog layer, pre-trained weights, the composer's time
     * grid, and overrides only of what {@code analog_info} and {@code noise_model_info} carry.
     */
    public Optional<byte[]> inference(JsonNode document) {
        JsonNode dataset = document.path("dataset");
        String datasetName = dataset.path("name").asString("");
        JsonNode rpu = document.path("rpu_config");
        JsonNode inference = document.path("inference");
        if (!"inference".equals(document.path("kind").asString()) || document.has("training")
                || !onlyKeys(dataset, DATASET_KEYS) || !DATASETS.containsKey(datasetName)
                || dataset.path("normalize").asBoolean(true) != datasetName.equals("svhn")
                || !onlyKeys(rpu, INFERENCE_RPU_KEYS) || !onlyKeys(rpu.path("forward"), FORWARD_KEYS)
                || !onlyKeys(rpu.path("noise_model"), NOISE_KEYS) || !onlyKeys(inference, INFERENCE_KEYS)
                || !inference.has("weight_template") || !InputTranslator.INFERENCE_PRESETS
                        .contains(document.path("preset").asString(""))) {
            return Optional.empty();
        }
        ValidationResult result = validator.validate(document);
        if (!result.valid()) {
            return Optional.empty();
        }
        JsonNode resolved = result.resolvedJson();
        JsonNode resolvedInference = resolved.path("inference");
        double time = resolvedInference.path("inference_time").asDouble(-1);
        if (resolvedInference.path("n_times").asInt() != INFERENCE_TIMES || time < 1 || time != Math.rint(time)
                || inference.has("t_inference")) {
            return Optional.empty();
        }
        String preset = document.path("preset").asString();
        Network.Builder network = Network.newBuilder();
        JsonNode original = document.path("network").path("layers");
        JsonNode layers = resolved.path("network").path("layers");
        for (int i = 0; i < layers.size(); i++) {
            if (original.get(i).has("rpu_config") || original.get(i).has("preset")) {
                return Optional.empty();
            }
            Optional<LayerOrActivationFunction> entry = entry(layers.get(i), preset, false);
            if (entry.isEmpty()) {
                return Optional.empty();
            }
            network.addLayers(entry.get());
        }
        JsonNode forward = resolved.path("rpu_config").path("forward");
        Optional<Long> adc = bits(forward.path("out_res").asDouble(0));
        Optional<Long> dac = bits(forward.path("inp_res").asDouble(0));
        Optional<io.analogcomposer.api.compat.proto.inference.NoiseModelProto> noise = noiseModel(
                resolved.path("rpu_config"));
        if (adc.isEmpty() || dac.isEmpty() || noise.isEmpty()) {
            return Optional.empty();
        }
        try {
            // Network entries are field-for-field identical in the two packages (the Network messages are not:
            // layers are field 1 in aihwx and field 2 in aihwx.inferencing), so each entry is carried over.
            var inferenceNetwork = io.analogcomposer.api.compat.proto.inference.Network.newBuilder()
                    .setWeightTemplateId(inference.path("weight_template").asString());
            for (LayerOrActivationFunction entry : network.getLayersList()) {
                inferenceNetwork.addLayers(io.analogcomposer.api.compat.proto.inference.LayerOrActivationFunction
                        .parseFrom(entry.toByteArray()));
            }
            var input = io.analogcomposer.api.compat.proto.inference.InferenceInput.newBuilder()
                    .setVersion(io.analogcomposer.api.compat.proto.inference.Version.newBuilder().setSchema(1)
                            .setOpset(1))
                    .setDataset(io.analogcomposer.api.compat.proto.inference.Dataset.newBuilder()
                            .setDatasetId(DATASETS.get(datasetName))
                            .setBatchSize(resolvedInference.path("batch_size").asLong(256)))
                    .setNetwork(inferenceNetwork)
                    .setInferencing(io.analogcomposer.api.compat.proto.inference.Inferencing.newBuilder()
                            .setInferenceRepeats(resolvedInference.path("repetitions").asLong(10))
                            .setInferenceTime((long) time)
                            .setAnalogInfo(io.analogcomposer.api.compat.proto.inference.AnalogProto.newBuilder()
                                    .setOutputNoiseStrength((float) forward.path("out_noise").asDouble())
                                    .setAdc(adc.get()).setDac(dac.get()))
                            .setNoiseModelInfo(noise.get()))
                    .build();
            return Optional.of(input.toByteArray());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException("the two network messages no longer share their wire format", e);
        }
    }

    /**
     * The bits whose step 1/(2^bits - 2) is this resolution, if there are such bits. A step of 0 or less (no
     * quantization) is 0 bits, which AIHWKit's decoder reads as the step -1, also no quantization.
     */
    private static Optional<Long> bits(double resolution) {
        if (resolution <= 0) {
            return Optional.of(0L);
        }
        long bits = Math.round(Math.log(1 / resolution + 2) / Math.log(2));
        return Math.abs(1.0 / (Math.pow(2, bits) - 2) - resolution) < 1e-12 ? Optional.of(bits) : Optional.empty();
    }

    private static Optional<io.analogcomposer.api.compat.proto.inference.NoiseModelProto> noiseModel(JsonNode rpu) {
        JsonNode noise = rpu.path("noise_model");
        String type = noise.path("type").asString("");
        String compensation = rpu.path("drift_compensation").path("type").asString("none");
        JsonNode coeff = noise.path("prog_coeff");
        if (!(type.equals("pcm_like") || type.equals("generic")) || noise.path("g_max").asDouble(G_MAX) != G_MAX
                || coeff.size() != 3 || !(compensation.equals("global") || compensation.equals("none"))) {
            return Optional.empty();
        }
        float c0 = (float) coeff.get(0).asDouble();
        float c1 = (float) coeff.get(1).asDouble();
        float c2 = (float) coeff.get(2).asDouble();
        float prog = (float) noise.path("prog_noise_scale").asDouble(1);
        float read = (float) noise.path("read_noise_scale").asDouble(1);
        float drift = (float) noise.path("drift_scale").asDouble(1);
        boolean compensated = compensation.equals("global");
        var out = io.analogcomposer.api.compat.proto.inference.NoiseModelProto.newBuilder();
        if (type.equals("pcm_like")) {
            out.setPcm(io.analogcomposer.api.compat.proto.inference.PCMProto.newBuilder().setDeviceId("pcm")
                    .setProgrammingNoiseScale(prog).setReadNoiseScale(read).setDriftScale(drift)
                    .setDriftCompensation(compensated).setPolyFirstOrderCoef(c1).setPolySecondOrderCoef(c2)
                    .setPolyConstantCoef(c0));
        } else {
            out.setGeneric(io.analogcomposer.api.compat.proto.inference.GenericProto.newBuilder()
                    .setDeviceId("generic").setProgrammingNoiseScale(prog).setReadNoiseScale(read)
                    .setDriftScale(drift).setDriftCompensation(compensated).setPolyFirstOrderCoef(c1)
                    .setPolySecondOrderCoef(c2).setPolyConstantCoef(c0)
                    .setDriftMean((float) noise.path("drift_nu_mean").asDouble())
                    .setDriftStd((float) noise.path("drift_nu_std").asDouble()));
        }
        return Optional.of(out.build());
    }

    /** One network entry with AIHWKit's arguments in its converter's order; empty if AIHWKit has no such layer. */
    private static Optional<LayerOrActivationFunction> entry(JsonNode layer, String preset, boolean training) {
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
        Set<String> presets = training ? InputTranslator.TRAINING_PRESETS : InputTranslator.INFERENCE_PRESETS;
        if (analog && (preset == null || !presets.contains(preset))) {
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
            if (training) {
                out.addArguments(floatArg("weight_scaling_omega",
                        layer.path("rpu_config").path("mapping").path("weight_scaling_omega").asDouble(0.0)));
            }
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
