package io.analogcomposer.spec.validation;

import io.analogcomposer.spec.messages.TargetConductances;

import io.analogcomposer.spec.catalogue.BackendInfo;
import io.analogcomposer.spec.catalogue.Catalogue;
import io.analogcomposer.spec.catalogue.DatasetInfo;
import io.analogcomposer.spec.catalogue.TemplateInfo;
import io.analogcomposer.spec.catalogue.WeightTemplateInfo;
import io.analogcomposer.spec.datasets.UploadedDatasets;
import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.experiment.ExperimentKind;
import io.analogcomposer.spec.experiment.ExperimentSpec;
import io.analogcomposer.spec.experiment.Optimizer;
import io.analogcomposer.spec.experiment.OptimizerType;
import io.analogcomposer.spec.experiment.Inference;
import io.analogcomposer.spec.experiment.Loss;
import io.analogcomposer.spec.experiment.Training;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.network.Layer;
import io.analogcomposer.spec.network.LayerType;
import io.analogcomposer.spec.rpu.Device;
import io.analogcomposer.spec.rpu.DeviceType;
import io.analogcomposer.spec.rpu.DriftCompensationType;
import io.analogcomposer.spec.rpu.RPUConfig;
import io.analogcomposer.spec.rpu.RpuType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The rules a schema cannot express: data and network fit together, the loss fits the output, the analog
 * configuration fits the experiment kind, the backend can run it, and it stays within the resource limits.
 * Runs on the resolved document; pointers name the field the user should change.
 */
final class SemanticRules {

    private final Catalogue catalogue;
    private final Limits limits;
    private final boolean preferGpu;

    SemanticRules(Catalogue catalogue, Limits limits, boolean preferGpu) {
        this.catalogue = catalogue;
        this.limits = limits;
        this.preferGpu = preferGpu;
    }

    /** Checks everything and returns the concrete backend the run should go to (null if unknown). */
    Backend check(ExperimentSpec spec, JsonNode submitted, ShapeInference.Outcome shapes, Resolver.Findings f,
            UploadedDatasets uploads) {
        ExperimentKind kind = spec.kind();
        DatasetInfo dataset = dataset(spec, uploads, f);
        boolean trains = kind == ExperimentKind.TRAINING || (kind != null && submitted.has("training"));

        checkDataset(spec, dataset, f);
        checkOutput(spec, dataset, shapes, f);
        if (trains && spec.training() != null) {
            checkLoss(spec, spec.training(), f);
            checkTraining(spec.training(), dataset, spec, f);
        }
        checkRpuConfigs(spec, submitted, kind, f);
        checkRecurrent(spec, kind, f);
        if (kind != null && kind.evaluatesOverTime()) {
            checkInference(spec, submitted, dataset, f);
        } else if (kind == ExperimentKind.TRAINING && submitted.has("inference")) {
            f.warn("/inference", "A training run does not evaluate over time; the inference section is ignored.", null,
                    "ignored");
        }
        checkLimits(spec, dataset, shapes, trains, f);
        return checkBackend(spec, submitted, shapes, f);
    }

    /**
     * The named dataset's facts: the catalogue's, or an uploaded dataset's as the caller knows them, so that the
     * shape, output and limit rules apply to both alike. An uploaded dataset the caller does not know is refused.
     */
    private DatasetInfo dataset(ExperimentSpec spec, UploadedDatasets uploads, Resolver.Findings f) {
        String name = spec.dataset() == null ? null : spec.dataset().name();
        if (name == null) {
            return null;
        }
        if (!UploadedDatasets.isReference(name)) {
            return catalogue.dataset(name).orElse(null);
        }
        DatasetInfo uploaded = uploads.find(name).orElse(null);
        if (uploaded == null) {
            f.error("/dataset/name", "The uploaded dataset " + name + " is not one of yours, or it was deleted.",
                    "one of your uploaded datasets (GET /api/v1/datasets) or " + String.join(", ",
                            catalogue.names("datasets")),
                    "uploaded_dataset_unknown");
        }
        return uploaded;
    }

    private void checkDataset(ExperimentSpec spec, DatasetInfo dataset, Resolver.Findings f) {
        if (dataset == null || dataset.anyShape() || spec.network() == null || spec.network().inputShape() == null) {
            return;
        }
        List<Integer> shape = spec.network().inputShape();
        List<Integer> expected = dataset.inputShape();
        long elements = expected.stream().mapToLong(Integer::longValue).reduce(1, (a, b) -> a * b);
        boolean flat = shape.size() == 1 && shape.get(0) != null && shape.get(0) == elements;
        // a one-channel image read row by row, as a sequence of steps × features (sequential Fashion-MNIST), for
        // networks with a recurrent layer; elsewhere [28, 28] is the forgotten channel it always was
        boolean recurrent = spec.network().layers() != null && spec.network().layers().stream()
                .anyMatch(l -> l != null && l.type() != null && l.type().in("recurrent"));
        List<Integer> rows = recurrent && expected.size() == 3 && expected.get(0) == 1
                ? expected.subList(1, 3)
                : null;
        boolean sequence = rows != null && shape.equals(rows);
        // the same image cut into square patches, as a sequence of tokens for a transformer encoder
        // (Fashion-MNIST [16, 49]: 7×7 patches)
        boolean tokens = spec.network().layers() != null && spec.network().layers().stream()
                .anyMatch(l -> l != null && l.type() != null && l.type().in("tokens"));
        List<Integer> patches = tokens && expected.size() == 3 && expected.get(0) == 1
                && expected.get(1) % 7 == 0 && expected.get(2) % 7 == 0
                        ? List.of(expected.get(1) / 7 * (expected.get(2) / 7), 49)
                        : null;
        boolean patchSequence = tokens && patchLayout(expected, shape);
        if (!shape.equals(expected) && !flat && !sequence && !patchSequence) {
            f.error("/network/input_shape", dataset.name() + " samples have shape " + expected + " (or flat ["
                    + elements + "]" + (rows == null ? "" : ", or the sequence of rows " + rows)
                    + (patches == null ? "" : ", or the sequence of 7×7 patches " + patches)
                    + "), but input_shape is "
                    + shape + ".",
                    expected + " or [" + elements + "]" + (rows == null ? "" : " or " + rows)
                            + (patches == null ? "" : " or " + patches),
                    "dataset_shape");
        }
    }

    /**
     * Whether {@code shape} [tokens, p·p] is a one-channel image [1, H, W] cut into p×p patches (p ≥ 2 dividing H
     * and W); features equal to the width are the row-by-row reading instead. The engine's Patches agrees.
     */
    static boolean patchLayout(List<Integer> image, List<Integer> shape) {
        if (image.size() != 3 || image.get(0) != 1 || shape.size() != 2 || shape.get(0) == null
                || shape.get(1) == null || shape.get(1).equals(image.get(2))) {
            return false;
        }
        int p = (int) Math.round(Math.sqrt(shape.get(1)));
        return p >= 2 && p * p == shape.get(1) && image.get(1) % p == 0 && image.get(2) % p == 0
                && (image.get(1) / p) * (image.get(2) / p) == shape.get(0);
    }

    private void checkOutput(ExperimentSpec spec, DatasetInfo dataset, ShapeInference.Outcome shapes,
            Resolver.Findings f) {
        long[] out = shapes.output();
        if (out == null || spec.network() == null || spec.network().layers() == null) {
            return;
        }
        int last = spec.network().layers().size() - 1;
        if (out.length != 1) {
            f.error("/network/layers/" + last, "The network ends with shape " + ShapeInference.show(out)
                    + "; a classifier needs a flat output [classes]: add flatten and a linear layer.",
                    "a flat output [classes]", "shape_mismatch");
            return;
        }
        Integer classes = dataset == null
                ? null
                : dataset.anyShape() ? spec.dataset().syntheticClasses() : dataset.classes();
        if (classes != null && out[0] != classes && shapes.lastWeighted() >= 0) {
            Layer layer = spec.network().layers().get(shapes.lastWeighted());
            String field = layer.type() != null && layer.type().in("conv") ? "out_channels" : "out_features";
            f.error("/network/layers/" + shapes.lastWeighted() + "/" + field, "The network outputs " + out[0]
                    + " values but " + dataset.name() + " has " + classes + " classes.", String.valueOf(classes),
                    "classes_mismatch");
        }
    }

    private void checkLoss(ExperimentSpec spec, Training training, Resolver.Findings f) {
        List<Layer> layers = spec.network() == null || spec.network().layers() == null
                ? List.of()
                : spec.network().layers();
        if (layers.isEmpty() || training.loss() == null) {
            return;
        }
        Layer lastLayer = layers.get(layers.size() - 1);
        LayerType last = lastLayer == null ? null : lastLayer.type();
        if (last == null) {
            return;
        }
        Loss loss = training.loss();
        String ends = "the network ends with " + last.wire();
        switch (loss) {
            case NLL -> {
                if (last != LayerType.LOG_SOFTMAX) {
                    f.error("/training/loss", "nll expects log-probabilities but " + ends
                            + "; end the network with log_softmax, or use loss cross_entropy"
                            + (last == LayerType.SOFTMAX ? " and drop the softmax." : "."),
                            "cross_entropy, or log_softmax as the last layer", "loss_mismatch");
                }
            }
            case CROSS_ENTROPY -> {
                if (last == LayerType.SOFTMAX || last == LayerType.SIGMOID) {
                    f.error("/training/loss", "cross_entropy expects raw scores but " + ends
                            + ", which squashes them; remove it or use nll after log_softmax.", "nll", "loss_mismatch");
                } else if (last == LayerType.LOG_SOFTMAX) {
                    f.warn("/training/loss",
                            "cross_entropy applies log-softmax itself; with log_softmax at the end, nll is the usual choice.",
                            "nll", "loss_redundant");
                }
            }
            case BCE -> {
                if (last != LayerType.SIGMOID) {
                    f.error("/training/loss", "bce expects probabilities in [0, 1] but " + ends
                            + "; end the network with sigmoid.", "sigmoid as the last layer", "loss_mismatch");
                }
            }
            case MSE -> {
                if (last == LayerType.LOG_SOFTMAX || last == LayerType.LOG_SIGMOID) {
                    f.warn("/training/loss", "mse compares with one-hot targets, but " + ends
                            + ", whose outputs are negative.", null, "loss_suspicious");
                }
            }
        }
    }

    private void checkTraining(Training training, DatasetInfo dataset, ExperimentSpec spec, Resolver.Findings f) {
        if (training.optimizer() != null && training.optimizer().lr() != null && training.optimizer().lr() > 1) {
            f.warn("/training/optimizer/lr", "A learning rate of " + training.optimizer().lr()
                    + " is unusually large and often diverges.", null, "suspicious");
        }
        checkInMemoryOptimizer(training, spec, f);
        long samples = trainSamples(spec, dataset);
        if (samples > 0 && training.batchSize() != null && training.batchSize() > samples) {
            f.warn("/training/batch_size", "The batch size " + training.batchSize() + " is larger than the "
                    + samples + " training samples; each epoch is one partial batch.", null, "suspicious");
        }
    }

    /**
     * Layers trained in memory (rpu_config type single/unit_cell) change only by device pulses of the plain gradient
     * (AIHWKit's analog optimizers): Adam's scaling, momentum and weight decay act on the digital parameters only.
     */
    private void checkInMemoryOptimizer(Training training, ExperimentSpec spec, Resolver.Findings f) {
        Optimizer opt = training.optimizer();
        if (opt == null || spec.network() == null || spec.network().layers() == null) {
            return;
        }
        boolean inMemory = spec.network().layers().stream().anyMatch(l -> l != null && l.type() != null
                && l.type().analog() && l.rpuConfig() != null && l.rpuConfig().type() != null
                && l.rpuConfig().type().pulsedTraining());
        if (!inMemory) {
            return;
        }
        String what = opt.type() == OptimizerType.ADAM
                ? "adam's step scaling"
                : opt.momentum() != null && opt.momentum() != 0
                        ? "momentum"
                        : opt.weightDecay() != null && opt.weightDecay() != 0 ? "weight_decay" : null;
        if (what != null) {
            f.warn("/training/optimizer", "Layers trained in memory (rpu_config type single or unit_cell) apply "
                    + "each gradient as device pulses at the learning rate; " + what
                    + " acts on the digital parameters only.", null, "no_effect");
        }
    }

    private void checkRpuConfigs(ExperimentSpec spec, JsonNode submitted, ExperimentKind kind, Resolver.Findings f) {
        List<Layer> layers = spec.network() == null || spec.network().layers() == null
                ? List.of()
                : spec.network().layers();
        boolean anyAnalog = layers.stream().anyMatch(l -> l != null && l.type() != null && l.type().analog());
        if (!anyAnalog) {
            if (submitted.has("rpu_config") || submitted.has("preset")) {
                f.warn(submitted.has("preset") ? "/preset" : "/rpu_config",
                        "The network has no analog layers, so the analog configuration has no effect.",
                        "analog_linear, analog_conv1d, analog_conv2d", "no_effect");
            }
            if (kind != null && kind.evaluatesOverTime()) {
                f.warn("/network/layers",
                        "No layer is analog: the inference run evaluates a digital network whose accuracy does not change over time.",
                        null, "no_effect");
            }
            return;
        }
        RPUConfig experiment = spec.rpuConfig();
        checkConfig(experiment, pointerOfType(submitted, "", "/rpu_config"), "/rpu_config", kind, f);
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            if (layer == null || layer.type() == null || !layer.type().analog() || layer.rpuConfig() == null) {
                continue;
            }
            JsonNode own = submitted.path("network").path("layers").path(i);
            boolean differs = own.has("preset") || own.path("rpu_config").has("type");
            if (differs && !Objects.equals(layer.rpuConfig().type(), experiment == null ? null : experiment.type())) {
                String base = "/network/layers/" + i;
                checkConfig(layer.rpuConfig(), pointerOfType(own, base, base + "/rpu_config"), base + "/rpu_config",
                        kind, f);
            } else if (own.has("rpu_config") && own.path("rpu_config").has("device")) {
                checkDevice(layer.rpuConfig(), "/network/layers/" + i + "/rpu_config", f);
            }
        }
        if (kind == ExperimentKind.TRAINING && experiment != null && experiment.type() == RpuType.INFERENCE
                && submitted.path("rpu_config").has("noise_model")) {
            f.warn("/rpu_config/noise_model",
                    "The noise model only acts when weights are programmed for inference; a training run ignores it.",
                    null, "ignored");
        }
        JsonNode forward = submitted.path("rpu_config").path("forward");
        if (forward.path("is_perfect").asBoolean(false) && forward.size() > 1) {
            f.warn("/rpu_config/forward/is_perfect",
                    "forward.is_perfect turns off every other forward setting you gave.", null, "ignored");
        }
    }

    /**
     * Recurrent and attention layers run on the simulator only: the PCM chip's mapping holds feed-forward matrices.
     * They train hardware-aware (an inference rpu_config) or in memory (single / unit_cell): their weight matrices
     * are AIHWKit {@code AnalogLinear}s, whose pulsed update at the optimizer step takes the rows of every call (every
     * time step, every token) of the mini-batch.
     */
    private static void checkRecurrent(ExperimentSpec spec, ExperimentKind kind, Resolver.Findings f) {
        List<Layer> layers = spec.network() == null || spec.network().layers() == null
                ? List.of()
                : spec.network().layers();
        boolean tokens = layers.stream().anyMatch(l -> l != null && l.type() != null && l.type().in("tokens"));
        List<long[]> shapes = tokens ? NetworkShapes.of(spec.network()) : List.of();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            // a linear layer that acts token by token is part of the encoder: the same rules
            boolean tokenwise = tokens && layer != null && layer.type() != null && layer.type().in("linear")
                    && shapes.get(i) != null && shapes.get(i).length == 2;
            if (layer == null || layer.type() == null || !layer.type().in("recurrent") && !layer.type().in(
                    "tokens") && !tokenwise) {
                continue;
            }
            String at = "/network/layers/" + i;
            if (kind == ExperimentKind.HARDWARE_INFERENCE) {
                f.error(at + "/type", "Layer " + i + " (" + layer.type().wire() + ") cannot be programmed on the PCM "
                        + "chip: hardware_inference maps linear and convolution layers only.",
                        "analog_linear, analog_conv1d, analog_conv2d, or run kind inference on the simulator",
                        "unsupported_layer");
            }
        }
    }

    /** Where the user chose the rpu_config type: its type field, else the preset, else the kind. */
    private static String pointerOfType(JsonNode node, String base, String configPointer) {
        if (node.path("rpu_config").has("type")) {
            return configPointer + "/type";
        }
        if (node.has("preset")) {
            return base + "/preset";
        }
        return base.isEmpty() ? "/kind" : configPointer;
    }

    private void checkConfig(RPUConfig config, String typePointer, String configPointer, ExperimentKind kind,
            Resolver.Findings f) {
        if (config == null || config.type() == null) {
            return;
        }
        RpuType type = config.type();
        if (kind != null && kind.evaluatesOverTime() && type.pulsedTraining()) {
            f.error(typePointer,
                    "rpu_config type " + type.wire() + " configures in-memory training with pulsed devices; "
                            + (kind == ExperimentKind.INFERENCE ? "an " : "a ") + kind.wire()
                            + " run needs type inference (or floating_point).",
                    "inference, floating_point",
                    "rpu_type_mismatch");
        }
        if (kind == ExperimentKind.HARDWARE_INFERENCE && type == RpuType.FLOATING_POINT) {
            f.error(typePointer, "hardware_inference programs the PCM chip and needs rpu_config type inference.",
                    "inference", "rpu_type_mismatch");
        }
        checkDevice(config, configPointer, f);
        if (type == RpuType.INFERENCE) {
            checkHardwareAwareTraining(config, configPointer, f);
        }
    }

    /**
     * AIHWKit options of hardware-aware training the simulator does not implement: refused here, naming the field,
     * rather than by a worker after the run was queued (their do-nothing values pass).
     */
    private static void checkHardwareAwareTraining(RPUConfig config, String at, Resolver.Findings f) {
        var modifier = config.modifier();
        if (modifier != null) {
            if (modifier.type() == io.analogcomposer.spec.rpu.WeightModifierType.DOREFA
                    || modifier.type() == io.analogcomposer.spec.rpu.WeightModifierType.PCM_NOISE) {
                f.error(at + "/modifier/type", "The simulator does not implement the " + modifier.type().wire()
                        + " weight modifier.",
                        "none, discretize, mult_normal, add_normal, discretize_add_normal, "
                                + "poly, prog_noise, drop_connect",
                        "unsupported");
            }
            if (Boolean.TRUE.equals(modifier.copyLastColumn())) {
                f.error(at + "/modifier/copy_last_column", "The simulator applies the modifier to every column; "
                        + "copy_last_column must be false.", "false", "unsupported");
            }
        }
        if (config.clip() != null
                && config.clip().type() == io.analogcomposer.spec.rpu.WeightClipType.AVERAGE_CHANNEL_MAX) {
            f.error(at + "/clip/type", "The simulator does not implement average_channel_max clipping.",
                    "none, fixed_value, layer_gaussian", "unsupported");
        }
        var remap = config.remap();
        if (remap != null && (nonZero(remap.maxScaleRange()) || nonZero(remap.maxScaleRef()))) {
            f.error(at + "/remap", "The simulator remaps without a scale range: max_scale_range and max_scale_ref must "
                    + "be 0.", "0", "unsupported");
        }
        var range = config.prePost() == null ? null : config.prePost().inputRange();
        if (range != null && (Boolean.TRUE.equals(range.manageOutputClipping())
                || range.gradientScale() != null && range.gradientScale() != 1.0
                || Boolean.FALSE.equals(range.gradientRelative())
                || range.outputMinPercentage() != null && range.outputMinPercentage() != 0.95)) {
            f.error(at + "/pre_post/input_range",
                    "The simulator learns the input range with AIHWKit's default gradient "
                            + "(relative, scale 1) and without output-clipping management.",
                    "manage_output_clipping false, gradient_scale 1, gradient_relative true, output_min_percentage 0.95",
                    "unsupported");
        }
    }

    private static boolean nonZero(Double v) {
        return v != null && v != 0.0;
    }

    private void checkDevice(RPUConfig config, String configPointer, Resolver.Findings f) {
        Device device = config.device();
        if (device == null || device.type() == null) {
            return;
        }
        String at = configPointer + "/device";
        if (config.type() == RpuType.SINGLE && device.type().compound()) {
            f.error(at + "/type", "rpu_config type single takes one pulsed device; the compound " + device.type().wire()
                    + " needs type unit_cell.", "ideal, constant_step, linear_step, soft_bounds, ... or type unit_cell",
                    "device_mismatch");
        } else if (config.type() == RpuType.UNIT_CELL && !device.type().compound()) {
            f.error(at + "/type", "rpu_config type unit_cell needs a compound device, not the single device "
                    + device.type().wire() + "; use type single for it.",
                    "vector, reference, one_sided, transfer, buffered_transfer, chopped_transfer, dynamic_transfer, mixed_precision",
                    "device_mismatch");
        }
        checkDeviceTree(device, at, 0, f);
    }

    private void checkDeviceTree(Device device, String at, int depth, Resolver.Findings f) {
        if (device == null || device.type() == null || depth > 3) {
            return;
        }
        DeviceType type = device.type();
        if (type.groups().contains("pulsed") && device.wMin() != null && device.wMax() != null
                && device.wMin() >= device.wMax() && type != DeviceType.SOFT_BOUNDS_PMAX) {
            f.error(at + "/w_min", "w_min (" + device.wMin() + ") must be below w_max (" + device.wMax() + ").",
                    "w_min < " + device.wMax(), "invalid_range");
        }
        List<Device> cells = device.unitCellDevices();
        if (type.hasUnitCellDevices() && cells != null) {
            if (type.groups().contains("transfer") && cells.size() < 2) {
                f.error(at + "/unit_cell_devices", "The " + type.wire()
                        + " compound moves updates from a fast device to a slow one and needs at least 2 unit_cell_devices, has "
                        + cells.size() + ".", "2 to 8 devices", "wrong_length");
            }
            if (type.groups().contains("chopped") && cells.size() != 2) {
                f.error(at + "/unit_cell_devices", "The " + type.wire()
                        + " compound transfers from one fast device to one slow device and needs exactly 2 "
                        + "unit_cell_devices, has " + cells.size() + ".", "2 devices", "wrong_length");
            }
            if (type == DeviceType.ONE_SIDED && cells.size() != 2) {
                f.error(at + "/unit_cell_devices", "one_sided needs exactly 2 unit_cell_devices (one per sign), has "
                        + cells.size() + ".", "2 devices", "wrong_length");
            }
            for (int i = 0; i < cells.size(); i++) {
                Device cell = cells.get(i);
                if (cell != null && cell.type() != null && cell.type().compound()) {
                    f.error(at + "/unit_cell_devices/" + i + "/type",
                            "A unit cell holds pulsed devices, not the compound "
                                    + cell.type().wire() + ".",
                            "ideal, constant_step, linear_step, soft_bounds, ...",
                            "device_mismatch");
                }
                checkDeviceTree(cell, at + "/unit_cell_devices/" + i, depth + 1, f);
            }
        }
        if (type.groups().contains("chopped")) {
            // AIHWKit's chopped transfer reads one column at a time, in order, without resets (checkSupported)
            if (device.nReadsPerTransfer() != null && device.nReadsPerTransfer() != 1) {
                f.error(at + "/n_reads_per_transfer", type.wire() + " reads one column per transfer; "
                        + "n_reads_per_transfer must be 1, is " + device.nReadsPerTransfer() + ".", "1",
                        "unsupported_combination");
            }
            if (Boolean.TRUE.equals(device.randomSelection())) {
                f.error(at + "/random_selection", type.wire() + " reads the columns in order (its choppers and "
                        + "buffer follow the column sequence); random_selection must be false.", "false",
                        "unsupported_combination");
            }
            if (device.withResetProb() != null && device.withResetProb() > 0) {
                f.error(at + "/with_reset_prob", type.wire() + " does not reset the fast device after a read; "
                        + "with_reset_prob must be 0, is " + device.withResetProb() + ".", "0",
                        "unsupported_combination");
            }
        }
        if (type == DeviceType.MIXED_PRECISION && device.device() != null && device.device().type() != null) {
            DeviceType inner = device.device().type();
            if (inner.compound() && inner != DeviceType.ONE_SIDED && inner != DeviceType.VECTOR) {
                f.error(at + "/device/type", "mixed_precision updates a pulsed device or a one_sided/vector cell, not "
                        + inner.wire() + ".", "a pulsed device, one_sided, vector", "device_mismatch");
            }
            checkDeviceTree(device.device(), at + "/device", depth + 1, f);
        }
    }

    private void checkInference(ExperimentSpec spec, JsonNode submitted, DatasetInfo dataset, Resolver.Findings f) {
        Inference inference = spec.inference();
        if (inference == null) {
            return;
        }
        List<Double> times = inference.tInference();
        if (times != null) {
            for (int i = 1; i < times.size(); i++) {
                if (times.get(i) != null && times.get(i - 1) != null && times.get(i) < times.get(i - 1)) {
                    f.error("/inference/t_inference/" + i, "Inference times must be sorted ascending, but "
                            + times.get(i) + " s follows " + times.get(i - 1) + " s.", "≥ " + times.get(i - 1),
                            "unsorted");
                    break;
                }
            }
        }
        JsonNode given = submitted.path("inference");
        if (given.has("t_inference") && (given.has("inference_time") || given.has("n_times"))) {
            f.warn("/inference/t_inference", "t_inference is given, so inference_time and n_times are ignored.", null,
                    "ignored");
        }
        if (inference.repetitions() != null && inference.repetitions() < 3) {
            f.warn("/inference/repetitions", "With " + inference.repetitions()
                    + " repetition(s) the reported spread is unreliable; AIHWKit recommends 10 or more.", null,
                    "suspicious");
        }
        RPUConfig config = spec.rpuConfig();
        boolean driftsLater = times != null && times.stream().anyMatch(t -> t != null && t > 0);
        if (driftsLater && config != null && config.type() == RpuType.INFERENCE && config.noiseModel() != null
                && config.driftCompensation() != null && config.driftCompensation().type() == DriftCompensationType.NONE
                && (config.noiseModel().driftScale() == null || config.noiseModel().driftScale() > 0)) {
            f.warn("/rpu_config/drift_compensation",
                    "Weights drift at the later inference times but drift compensation is off; accuracy will fall with time.",
                    "global, global_exact, per_column", "no_drift_compensation");
        }
        String template = inference.weightTemplate();
        if (inference.targetConductances() != null) {
            checkTargetConductances(spec, submitted, f);
            return;
        }
        if (template == null && !submitted.has("training")) {
            f.error("/inference/weight_template",
                    "An inference run needs trained weights: name a weight_template, or add a training section to train first.",
                    String.join(", ", catalogue.names("weight_templates")), "no_weights");
        }
        if (template != null) {
            checkWeightTemplate(spec, template, f);
            if (submitted.has("training")) {
                f.warn("/training", "The weights come from the template " + template
                        + ", so the training section is ignored.", null, "ignored");
            }
        }
    }

    /**
     * "Bring your own conductances": the uploaded file is programmed as it is, so the run is a hardware run without
     * other weights; whether the file exists and fits the chip is checked where the file is (API, validator).
     */
    private static void checkTargetConductances(ExperimentSpec spec, JsonNode submitted, Resolver.Findings f) {
        if (spec.kind() != ExperimentKind.HARDWARE_INFERENCE) {
            f.error("/inference/target_conductances", "Uploaded target conductances are programmed on the PCM chip: "
                    + "they need kind hardware_inference, not " + (spec.kind() == null ? "none" : spec.kind().wire())
                    + ".", "hardware_inference", "unsupported_combination");
        }
        if (!TargetConductances.isFileId(spec.inference().targetConductances())) {
            f.error("/inference/target_conductances", "'" + spec.inference().targetConductances()
                    + "' is not the id of an uploaded conductance file.",
                    "the id (a UUID) returned by POST "
                            + "/api/v1/conductance-files",
                    "invalid_value");
        }
        if (spec.inference().weightTemplate() != null) {
            f.error("/inference/weight_template", "The chip is programmed with the uploaded conductances, so a weight "
                    + "template has nothing to do; give one of the two.", "absent", "unsupported_combination");
        }
        if (submitted.has("training")) {
            f.warn("/training", "The uploaded conductances are programmed as they are, so the training section is "
                    + "ignored.", null, "ignored");
        }
    }

    private void checkWeightTemplate(ExperimentSpec spec, String id, Resolver.Findings f) {
        WeightTemplateInfo weights = catalogue.weightTemplate(id).orElse(null);
        if (weights == null) {
            return;
        }
        if (spec.dataset() != null && !weights.dataset().equals(spec.dataset().name())) {
            f.error("/dataset/name", "The weights " + id + " were trained on " + weights.dataset()
                    + ", not on " + spec.dataset().name() + ".", weights.dataset(), "template_mismatch");
        }
        TemplateInfo template = catalogue.template(weights.template()).orElse(null);
        if (template == null || spec.network() == null || spec.network().layers() == null) {
            return;
        }
        List<String> expected = signature(SpecJson.read(template.document().path("network"),
                io.analogcomposer.spec.network.Network.class).layers());
        List<String> actual = signature(spec.network().layers());
        if (!expected.equals(actual)) {
            f.error("/network/layers", "The weights " + id + " fit the network " + String.join(" → ", expected)
                    + ", but this network's weighted layers are "
                    + (actual.isEmpty() ? "none" : String.join(" → ", actual))
                    + ".", String.join(" → ", expected), "template_mismatch");
        }
    }

    /** The weighted layers as "conv2d 16×5", "linear 128", ignoring whether they are analog. */
    private static List<String> signature(List<Layer> layers) {
        List<String> out = new ArrayList<>();
        for (Layer l : layers) {
            if (l == null || l.type() == null || !l.type().in("weighted")) {
                continue;
            }
            String base = l.type().wire().replace("analog_", "");
            out.add(l.type().in("conv")
                    ? base + " " + l.outChannels() + "×" + l.kernelSize()
                    : base + " " + l.outFeatures());
        }
        return out;
    }

    private void checkLimits(ExperimentSpec spec, DatasetInfo dataset, ShapeInference.Outcome shapes, boolean trains,
            Resolver.Findings f) {
        if (shapes.parameters() > limits.maxParameters()) {
            f.error("/network/layers", String.format("The network has %,d parameters; the limit is %,d.",
                    shapes.parameters(), limits.maxParameters()), "at most " + limits.maxParameters() + " parameters",
                    "resource_limit");
        }
        long samples = trainSamples(spec, dataset);
        if (trains && spec.training() != null && spec.training().epochs() != null && samples > 0) {
            long work = ShapeInference.times(spec.training().epochs(), samples);
            if (work > limits.maxTrainingSampleEpochs()) {
                long maxEpochs = Math.max(1, limits.maxTrainingSampleEpochs() / samples);
                f.error("/training/epochs", String.format(
                        "%d epochs over %,d training samples is %,d sample-epochs; the limit is %,d.",
                        spec.training().epochs(), samples, work, limits.maxTrainingSampleEpochs()),
                        "at most " + maxEpochs + " epochs (or fewer samples via dataset.max_train_samples)",
                        "resource_limit");
            }
        }
        checkCompute(spec, dataset, shapes, trains, samples, f);
        Inference inference = spec.inference();
        if (spec.kind() != null && spec.kind().evaluatesOverTime() && inference != null
                && inference.repetitions() != null && inference.tInference() != null) {
            long test = testSamples(spec, dataset);
            long work = ShapeInference
                    .times(ShapeInference.times(inference.repetitions(), inference.tInference().size()), test);
            if (test > 0 && work > limits.maxInferenceEvaluations()) {
                long maxRepetitions = Math.max(1,
                        limits.maxInferenceEvaluations() / Math.max(1, (long) inference.tInference().size() * test));
                f.error("/inference/repetitions", String.format(
                        "%d repetitions × %d times × %,d test samples is %,d evaluations; the limit is %,d.",
                        inference.repetitions(), inference.tInference().size(), test, work,
                        limits.maxInferenceEvaluations()),
                        "at most " + maxRepetitions + " repetitions (or fewer samples via dataset.max_test_samples)",
                        "resource_limit");
            }
        }
    }

    /**
     * Estimates the run's compute and one batch's memory from the network's shapes, and refuses runs beyond the
     * budgets with the numbers: a valid experiment must not hold a worker for weeks or die of memory after
     * starting. Training counts three passes per sample (forward, backward, update).
     */
    private void checkCompute(ExperimentSpec spec, DatasetInfo dataset, ShapeInference.Outcome shapes,
            boolean trains, long trainSamples, Resolver.Findings f) {
        double macs = shapes.macsPerSample();
        if (macs <= 0) {
            return;
        }
        double trainingMacs = 0;
        String pointer = "/training/epochs";
        Integer batch = null;
        if (trains && spec.training() != null && spec.training().epochs() != null && trainSamples > 0) {
            trainingMacs = 3 * macs * trainSamples * spec.training().epochs();
            batch = spec.training().batchSize();
        }
        double evaluationMacs = 0;
        Inference inference = spec.inference();
        long test = testSamples(spec, dataset);
        if (spec.kind() != null && spec.kind().evaluatesOverTime() && inference != null
                && inference.repetitions() != null && inference.tInference() != null && test > 0) {
            evaluationMacs = macs * test * inference.repetitions() * inference.tInference().size();
            if (trainingMacs == 0) {
                pointer = "/inference/repetitions";
            }
        } else if (test > 0 && trains && spec.training() != null && spec.training().epochs() != null) {
            evaluationMacs = macs * test * spec.training().epochs(); // a test pass after each epoch
        }
        double seconds = (trainingMacs + evaluationMacs) / limits.macsPerSecond();
        if (seconds > limits.maxEstimatedSeconds()) {
            f.error(pointer, String.format(java.util.Locale.ROOT,
                    "This run needs about %.3g multiply-accumulates (%,d per sample per pass), about %s of compute "
                            + "on a CPU worker at %.1f G/s; the limit is %s.",
                    trainingMacs + evaluationMacs, shapes.macsPerSample(), duration(seconds),
                    limits.macsPerSecond() / 1e9, duration(limits.maxEstimatedSeconds())),
                    "an estimate of at most " + duration(limits.maxEstimatedSeconds())
                            + " (fewer epochs, samples, repetitions or a smaller network)",
                    "resource_limit");
        }
        if (batch != null && batch > 0) {
            // forward activations and patch rows, plus their gradients and the saved inputs of the backward pass
            double bytes = MemoryEstimate.batchBytes(shapes.activationsPerSample(), batch);
            if (bytes > limits.maxBatchMemoryBytes()) {
                long maxBatch = Math.max(1, (long) (limits.maxBatchMemoryBytes()
                        / (double) MemoryEstimate.batchBytes(shapes.activationsPerSample(), 1)));
                f.error("/training/batch_size", String.format(java.util.Locale.ROOT,
                        "A batch of %d needs about %.1f GB for activations and gradients (%,d values per sample); "
                                + "the limit is %.1f GB.",
                        batch, bytes / 1e9, shapes.activationsPerSample(), limits.maxBatchMemoryBytes() / 1e9),
                        "a batch size of at most " + maxBatch, "resource_limit");
            }
        }
    }

    private static String duration(double seconds) {
        if (seconds < 120) {
            return String.format(java.util.Locale.ROOT, "%.0f s", seconds);
        }
        if (seconds < 7200) {
            return String.format(java.util.Locale.ROOT, "%.0f min", seconds / 60);
        }
        if (seconds < 172_800 * 2) {
            return String.format(java.util.Locale.ROOT, "%.1f h", seconds / 3600);
        }
        return String.format(java.util.Locale.ROOT, "%.1f days", seconds / 86400);
    }

    private Backend checkBackend(ExperimentSpec spec, JsonNode submitted, ShapeInference.Outcome shapes,
            Resolver.Findings f) {
        ExperimentKind kind = spec.kind();
        Backend wanted = spec.backend() == null ? Backend.AUTO : spec.backend();
        if (kind == null) {
            return null;
        }
        Backend backend = wanted == Backend.AUTO
                ? kind == ExperimentKind.HARDWARE_INFERENCE ? Backend.HARDWARE : preferGpu ? Backend.GPU : Backend.CPU
                : wanted;
        BackendInfo info = catalogue.backend(backend);
        if (!info.kinds().contains(kind)) {
            List<String> fitting = new ArrayList<>();
            fitting.add("auto");
            catalogue.backends().stream().filter(b -> b.kinds().contains(kind))
                    .forEach(b -> fitting.add(b.backend().wire()));
            f.error("/backend", backend == Backend.HARDWARE
                    ? "The hardware backend (the PCM chip) only runs hardware_inference, not " + kind.wire() + "."
                    : "A hardware_inference run needs the PCM chip; backend " + backend.wire() + " only simulates.",
                    String.join(", ", fitting), "backend_mismatch");
            return null;
        }
        if (backend == Backend.HARDWARE && shapes.analogWeights() > info.chipDevices()) {
            f.error("/network/layers", String.format(
                    "The analog weights need %,d devices but the PCM chip has %,d (%d word lines × %d bit lines).",
                    shapes.analogWeights(), info.chipDevices(), info.chipRows(), info.chipColumns()),
                    "at most " + info.chipDevices() + " analog weights", "chip_capacity");
        }
        return backend;
    }

    private static long trainSamples(ExperimentSpec spec, DatasetInfo dataset) {
        if (dataset == null || spec.dataset() == null) {
            return 0;
        }
        long all = dataset.anyShape() ? value(spec.dataset().syntheticSamples()) : value(dataset.trainSamples());
        long max = value(spec.dataset().maxTrainSamples());
        return max > 0 ? Math.min(max, all) : all;
    }

    private static long testSamples(ExperimentSpec spec, DatasetInfo dataset) {
        if (dataset == null || spec.dataset() == null) {
            return 0;
        }
        long all = dataset.anyShape()
                ? Math.max(1, value(spec.dataset().syntheticSamples()) / 5)
                : value(dataset.testSamples());
        long max = value(spec.dataset().maxTestSamples());
        return max > 0 ? Math.min(max, all) : all;
    }

    private static long value(Integer v) {
        return v == null ? 0 : v;
    }
}
