package io.analogcomposer.api.compat.translate;

import com.google.protobuf.InvalidProtocolBufferException;
import io.analogcomposer.api.compat.proto.inference.AnalogProto;
import io.analogcomposer.api.compat.proto.inference.InferenceInput;
import io.analogcomposer.api.compat.proto.inference.Inferencing;
import io.analogcomposer.api.compat.proto.inference.NoiseModelProto;
import io.analogcomposer.api.compat.proto.training.AttributeProto;
import io.analogcomposer.api.compat.proto.training.Training;
import io.analogcomposer.api.compat.proto.training.TrainingInput;
import io.analogcomposer.spec.catalogue.Catalogue;
import io.analogcomposer.spec.catalogue.WeightTemplateInfo;
import io.analogcomposer.spec.validation.Issue;
import io.analogcomposer.spec.validation.ValidationResult;
import io.analogcomposer.spec.validation.Validator;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Translates the experiment an AIHWKit client uploads ({@code aihwx.TrainingInput} or
 * {@code aihwx.inferencing.InferenceInput}) into our experiment document and checks it with our validator.
 * Everything that cannot run is reported at once, each problem at the message field the user set.
 */
public final class InputTranslator {

    /** The {@code rpu_config} class names the composer accepts for training layers (AIHWKit presets). */
    public static final Set<String> TRAINING_PRESETS = new LinkedHashSet<>(List.of("ReRamESPreset",
            "ReRamSBPreset", "CapacitorPreset", "EcRamPreset", "IdealizedPreset", "PCMPreset",
            "MixedPrecisionReRamESPreset", "MixedPrecisionReRamSBPreset", "MixedPrecisionCapacitorPreset",
            "MixedPrecisionEcRamPreset", "MixedPrecisionIdealizedPreset", "MixedPrecisionPCMPreset",
            "TikiTakaReRamESPreset", "TikiTakaReRamSBPreset", "TikiTakaCapacitorPreset", "TikiTakaEcRamPreset",
            "TikiTakaIdealizedPreset"));
    /** The {@code rpu_config} class names the composer accepts for inference layers. */
    public static final Set<String> INFERENCE_PRESETS = new LinkedHashSet<>(
            List.of("InferenceRPUConfig", "WebComposerInferenceRPUConfig", "OldWebComposerInferenceRPUConfig"));

    private static final Map<String, String> DATASETS = Map.of("fashion_mnist", "fashion-mnist", "svhn", "svhn");
    private static final Map<String, String> LOSSES = Map.of("NLLLoss", "nll", "CrossEntropyLoss", "cross_entropy",
            "MSELoss", "mse", "BCELoss", "bce");
    /** AIHWKit's BasicTraining defaults, used where the optional proto2 field is absent. */
    private static final int DEFAULT_BATCH_SIZE = 64;
    private static final int DEFAULT_EPOCHS = 30;
    /** AIHWKit's inference grid: t = 0 and nine log-spaced times from 1 s to inference_time. */
    private static final int INFERENCE_TIMES = 10;
    /** The conductance AIHWKit's cloud decoder maps |w| = max to, in uS. */
    private static final double G_MAX = 25.0;
    private static final String MAPPED_SUFFIX = "-mapped";

    private final Validator validator;
    private final Catalogue catalogue;

    public InputTranslator(Validator validator) {
        this.validator = validator;
        this.catalogue = validator.catalogue();
    }

    /** A training experiment's document, named {@code name}, or every reason why there is none. */
    public ObjectNode training(byte[] bytes, String name) {
        TrainingInput input;
        try {
            input = TrainingInput.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new TranslationException(List.of(new Problem("input",
                    "is not a valid aihwx.TrainingInput message: " + e.getMessage(), null)));
        }
        return training(input, name);
    }

    public ObjectNode training(TrainingInput input, String name) {
        List<Problem> problems = new ArrayList<>();
        Origins origins = new Origins();
        checkVersion(input.getVersion().getSchema(), input.getVersion().getOpset(), problems);
        ObjectNode document = header("training", name);
        String dataset = dataset(input.getDataset().getDatasetId(), problems);
        origins.put("/dataset", "dataset.dataset_id");
        if (input.getDataset().getTransformsCount() > 0) {
            problems.add(new Problem("dataset.transforms", "dataset transforms are not supported", null));
        }
        document.putObject("dataset").put("name", dataset);
        NetworkTranslator.Result network = NetworkTranslator.training(TRAINING_PRESETS)
                .translate(Entries.of(input.getNetwork()), "network.layers", origins);
        problems.addAll(network.problems());
        putNetwork(document, dataset, network, origins, problems);

        Training training = input.getTraining();
        ObjectNode out = document.putObject("training");
        out.put("epochs", training.hasEpochs() ? training.getEpochs() : DEFAULT_EPOCHS);
        origins.put("/training/epochs", "training.epochs");
        out.put("batch_size", input.getDataset().hasBatchSize()
                ? input.getDataset().getBatchSize()
                : DEFAULT_BATCH_SIZE);
        origins.put("/training/batch_size", "dataset.batch_size");
        out.put("loss", loss(training, problems));
        origins.put("/training/loss", "training.loss_function");
        ObjectNode optimizer = out.putObject("optimizer");
        optimizer.put("type", "analog_sgd");
        origins.put("/training/optimizer", "training.optimizer");
        learningRate(training, problems).ifPresent(lr -> optimizer.put("lr", lr));
        origins.put("/training/optimizer/lr", "training.optimizer.arguments.lr");
        if (training.hasScheduler()) {
            problems.add(new Problem("training.scheduler",
                    "learning-rate schedulers are not part of the composer's format", null));
        }
        return checked(document, problems, origins);
    }

    /** An inference experiment's document, named {@code name}, or every reason why there is none. */
    public ObjectNode inference(byte[] bytes, String name) {
        InferenceInput input;
        try {
            input = InferenceInput.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new TranslationException(List.of(new Problem("input",
                    "is not a valid aihwx.inferencing.InferenceInput message: " + e.getMessage(), null)));
        }
        return inference(input, name);
    }

    public ObjectNode inference(InferenceInput input, String name) {
        List<Problem> problems = new ArrayList<>();
        Origins origins = new Origins();
        checkVersion(input.getVersion().getSchema(), input.getVersion().getOpset(), problems);
        ObjectNode document = header("inference", name);
        String dataset = dataset(input.getDataset().getDatasetId(), problems);
        origins.put("/dataset", "dataset.dataset_id");
        // The composer evaluates Fashion-MNIST inference on raw pixels and normalizes SVHN as in training.
        document.putObject("dataset").put("name", dataset).put("normalize", "svhn".equals(dataset));
        NetworkTranslator.Result network = NetworkTranslator.inference(INFERENCE_PRESETS)
                .translate(Entries.of(input.getNetwork()), "network.layers", origins);
        problems.addAll(network.problems());
        if (network.analogPresets().stream().distinct().count() > 1) {
            problems.add(new Problem("network.layers", "all analog layers of an inference experiment must use the"
                    + " same rpu_config, found " + String.join(", ", new LinkedHashSet<>(network.analogPresets())),
                    String.join(", ", INFERENCE_PRESETS)));
        }
        putNetwork(document, dataset, network, origins, problems);

        Inferencing inferencing = input.getInferencing();
        ObjectNode rpu = document.putObject("rpu_config");
        analog(inferencing.getAnalogInfo(), rpu.putObject("forward"), origins, problems);
        noiseModel(inferencing.getNoiseModelInfo(), rpu, origins, problems);

        ObjectNode inference = document.putObject("inference");
        inference.put("inference_time", inferencing.getInferenceTime());
        origins.put("/inference/inference_time", "inferencing.inference_time");
        inference.put("n_times", INFERENCE_TIMES);
        inference.put("repetitions", inferencing.getInferenceRepeats());
        origins.put("/inference/repetitions", "inferencing.inference_repeats");
        if (input.getDataset().hasBatchSize()) {
            inference.put("batch_size", input.getDataset().getBatchSize());
            origins.put("/inference/batch_size", "dataset.batch_size");
        }
        weightTemplate(input.getNetwork().getWeightTemplateId(), problems)
                .ifPresent(id -> inference.put("weight_template", id));
        origins.put("/inference/weight_template", "network.weight_template_id");
        return checked(document, problems, origins);
    }

    private static ObjectNode header(String kind, String name) {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        document.put("schema_version", 1);
        document.put("kind", kind);
        document.put("name", name);
        return document;
    }

    private static void checkVersion(long schema, long opset, List<Problem> problems) {
        if (schema != 1 || opset != 1) {
            problems.add(new Problem("version", "schema " + schema + ", opset " + opset
                    + " is not a version of the format the composer reads", "schema 1, opset 1"));
        }
    }

    private String dataset(String id, List<Problem> problems) {
        String ours = DATASETS.get(id);
        if (ours == null) {
            problems.add(new Problem("dataset.dataset_id", "'" + id + "' is not a dataset the composer offers",
                    String.join(", ", DATASETS.keySet().stream().sorted().toList())));
            return id;
        }
        return ours;
    }

    private void putNetwork(ObjectNode document, String dataset, NetworkTranslator.Result network, Origins origins,
            List<Problem> problems) {
        ObjectNode out = document.putObject("network");
        catalogue.dataset(dataset).ifPresent(info -> {
            if (info.inputShape() != null) {
                out.set("input_shape", JsonNodeFactory.instance.arrayNode()
                        .addAll(info.inputShape().stream().map(JsonNodeFactory.instance::numberNode).toList()));
            }
        });
        out.set("layers", network.layers());
        origins.put("/network", "network");
        List<String> presets = network.analogPresets();
        if (!presets.isEmpty() && presets.stream().distinct().count() == 1) {
            document.put("preset", presets.getFirst());
            origins.put("/preset", "network.layers[*].arguments.rpu_config");
        } else if (!presets.isEmpty() && problems.isEmpty()) {
            // Training layers may use different presets: each analog layer keeps its own.
            int analog = 0;
            for (var layer : network.layers()) {
                if (layer.path("type").asString().startsWith("analog_")) {
                    ((ObjectNode) layer).put("preset", presets.get(analog++));
                }
            }
        }
    }

    private static String loss(Training training, List<Problem> problems) {
        if (!training.hasLossFunction()) {
            return "nll"; // AIHWKit's default loss (NLLLoss)
        }
        String id = training.getLossFunction().getId();
        String ours = LOSSES.get(id);
        if (ours == null) {
            problems.add(new Problem("training.loss_function.id", "'" + id + "' is not a loss the composer offers",
                    String.join(", ", LOSSES.keySet().stream().sorted().toList())));
            return "nll";
        }
        if (training.getLossFunction().getArgumentsCount() > 0) {
            problems.add(new Problem("training.loss_function.arguments", "loss functions take no arguments", null));
        }
        return ours;
    }

    private static Optional<Double> learningRate(Training training, List<Problem> problems) {
        var optimizer = training.getOptimizer();
        if (!"AnalogSGD".equals(optimizer.getId())) {
            problems.add(new Problem("training.optimizer.id",
                    "'" + optimizer.getId() + "' is not an optimizer the composer offers", "AnalogSGD"));
            return Optional.empty();
        }
        Optional<Double> lr = Optional.empty();
        for (var argument : optimizer.getArgumentsList()) {
            String at = "training.optimizer.arguments." + argument.getName();
            if (!argument.getName().equals("lr")) {
                problems.add(new Problem(at, "is not an argument of AnalogSGD", "lr"));
            } else if (argument
                    .getType() != io.analogcomposer.api.compat.proto.training.AttributeProto.AttributeType.FLOAT) {
                problems.add(new Problem(at, "must be of type FLOAT, is " + argument.getType(), null));
            } else {
                lr = Optional.of(Floats.decimal(argument.getF()));
            }
        }
        if (lr.isEmpty() && problems.stream().noneMatch(p -> p.field().startsWith("training.optimizer"))) {
            problems.add(new Problem("training.optimizer.arguments", "AnalogSGD needs its learning rate 'lr'",
                    "lr (FLOAT)"));
        }
        return lr;
    }

    /**
     * AIHWKit's decoder ({@code RPUconfigInfo.create_inference_rpu_config}) always sets {@code forward.out_noise}
     * and both resolutions from the converter bits, {@code 1 / (2^bits - 2)}: an unset field reads as 0 bits, a
     * step of -1, which turns quantization off. One bit divides by zero there, so it is refused here.
     */
    private static void analog(AnalogProto analog, ObjectNode forward, Origins origins, List<Problem> problems) {
        forward.put("out_noise", Floats.decimal(analog.getOutputNoiseStrength()));
        origins.put("/rpu_config/forward/out_noise", "inferencing.analog_info.output_noise_strength");
        resolution(analog.getAdc(), "inferencing.analog_info.adc", "ADC", problems)
                .ifPresent(step -> forward.put("out_res", step));
        origins.put("/rpu_config/forward/out_res", "inferencing.analog_info.adc");
        resolution(analog.getDac(), "inferencing.analog_info.dac", "DAC", problems)
                .ifPresent(step -> forward.put("inp_res", step));
        origins.put("/rpu_config/forward/inp_res", "inferencing.analog_info.dac");
        origins.put("/rpu_config/forward", "inferencing.analog_info");
    }

    /** The most bits a converter may have: the step of 64 bits is already far below any float's precision. */
    private static final int MAX_BITS = 64;

    private static Optional<Double> resolution(long bits, String field, String what, List<Problem> problems) {
        if (bits == 1 || bits < 0 || bits > MAX_BITS) {
            problems.add(new Problem(field, "a " + what + " of " + bits + " bits has no resolution step 1/(2^bits - 2)"
                    + " (AIHWKit's mapping); give 0 for no quantization", "0, 2.." + MAX_BITS));
            return Optional.empty();
        }
        return Optional.of(1.0 / (Math.pow(2, bits) - 2));
    }

    /**
     * Like AIHWKit's decoder, the noise model's class follows {@code device_id} ({@code pcm} or {@code generic});
     * the oneof branch only says which message holds the values.
     */
    private static void noiseModel(NoiseModelProto info, ObjectNode rpu, Origins origins, List<Problem> problems) {
        String field;
        String deviceId;
        float scaleProg;
        float scaleRead;
        float scaleDrift;
        boolean compensation;
        float c0;
        float c1;
        float c2;
        Float driftMean = null;
        Float driftStd = null;
        if (info.hasPcm()) {
            var pcm = info.getPcm();
            field = "inferencing.noise_model_info.pcm";
            deviceId = pcm.getDeviceId();
            scaleProg = pcm.getProgrammingNoiseScale();
            scaleRead = pcm.getReadNoiseScale();
            scaleDrift = pcm.getDriftScale();
            compensation = pcm.getDriftCompensation();
            c0 = pcm.getPolyConstantCoef();
            c1 = pcm.getPolyFirstOrderCoef();
            c2 = pcm.getPolySecondOrderCoef();
        } else if (info.hasGeneric()) {
            var generic = info.getGeneric();
            field = "inferencing.noise_model_info.generic";
            deviceId = generic.getDeviceId();
            scaleProg = generic.getProgrammingNoiseScale();
            scaleRead = generic.getReadNoiseScale();
            scaleDrift = generic.getDriftScale();
            compensation = generic.getDriftCompensation();
            c0 = generic.getPolyConstantCoef();
            c1 = generic.getPolyFirstOrderCoef();
            c2 = generic.getPolySecondOrderCoef();
            driftMean = generic.getDriftMean();
            driftStd = generic.getDriftStd();
        } else {
            problems.add(new Problem("inferencing.noise_model_info", "names no noise model", "pcm, generic"));
            return;
        }
        String type = switch (deviceId) {
            case "pcm" -> "pcm_like";
            case "generic" -> "generic";
            default -> null;
        };
        if (type == null) {
            problems.add(new Problem(field + ".device_id", "'" + deviceId + "' is not a noise model the composer"
                    + " offers", "pcm, generic"));
            return;
        }
        if (type.equals("generic") && driftMean == null) {
            problems.add(new Problem(field + ".device_id",
                    "the generic noise model needs drift_mean and drift_std, which only the generic message has",
                    "pcm"));
            return;
        }
        ObjectNode noise = rpu.putObject("noise_model");
        noise.put("type", type);
        noise.put("g_max", G_MAX);
        noise.putArray("prog_coeff").add(Floats.decimal(c0)).add(Floats.decimal(c1)).add(Floats.decimal(c2));
        noise.put("prog_noise_scale", Floats.decimal(scaleProg));
        noise.put("read_noise_scale", Floats.decimal(scaleRead));
        noise.put("drift_scale", Floats.decimal(scaleDrift));
        if (type.equals("generic")) {
            noise.put("drift_nu_mean", Floats.decimal(driftMean));
            noise.put("drift_nu_std", Floats.decimal(driftStd));
            origins.put("/rpu_config/noise_model/drift_nu_mean", field + ".drift_mean");
            origins.put("/rpu_config/noise_model/drift_nu_std", field + ".drift_std");
        }
        origins.put("/rpu_config/noise_model", field);
        origins.put("/rpu_config/noise_model/prog_coeff", field + ".poly_*_coef");
        origins.put("/rpu_config/noise_model/prog_noise_scale", field + ".programming_noise_scale");
        origins.put("/rpu_config/noise_model/read_noise_scale", field + ".read_noise_scale");
        origins.put("/rpu_config/noise_model/drift_scale", field + ".drift_scale");
        rpu.putObject("drift_compensation").put("type", compensation ? "global" : "none");
        origins.put("/rpu_config/drift_compensation", field + ".drift_compensation");
    }

    /**
     * The client names the composer's pre-trained weights; the {@code -mapped} variants are the same networks
     * built from mapped layers, which our analog layers already are (tiles split by the preset's mapping).
     */
    private Optional<String> weightTemplate(String id, List<Problem> problems) {
        List<String> known = catalogue.weightTemplates().stream().map(WeightTemplateInfo::id).toList();
        if (known.contains(id)) {
            return Optional.of(id);
        }
        if (id.endsWith(MAPPED_SUFFIX) && known.contains(id.substring(0, id.length() - MAPPED_SUFFIX.length()))) {
            return Optional.of(id.substring(0, id.length() - MAPPED_SUFFIX.length()));
        }
        List<String> allowed = new ArrayList<>();
        for (String k : known) {
            allowed.add(k);
            allowed.add(k + MAPPED_SUFFIX);
        }
        String why = id.startsWith(".") || id.startsWith("/") || id.startsWith("http")
                ? "weights are not loaded from paths or URLs; name one of the composer's pre-trained networks"
                : "no pre-trained weights are named '" + id + "'";
        problems.add(new Problem("network.weight_template_id", why, String.join(", ", allowed)));
        return Optional.empty();
    }

    /** Runs our validator over a translation without problems; its errors are reported at message fields. */
    private ObjectNode checked(ObjectNode document, List<Problem> problems, Origins origins) {
        if (!problems.isEmpty()) {
            throw new TranslationException(problems);
        }
        ValidationResult result = validator.validate(document);
        if (!result.valid()) {
            List<Problem> invalid = new ArrayList<>();
            for (Issue issue : result.errors()) {
                invalid.add(new Problem(origins.fieldOf(issue.pointer()), issue.message(), issue.allowed()));
            }
            throw new TranslationException(invalid);
        }
        return document;
    }
}
