package io.analogcomposer.spec.validation;

import io.analogcomposer.spec.catalogue.Catalogue;
import io.analogcomposer.spec.catalogue.PresetInfo;
import io.analogcomposer.spec.experiment.ExperimentSpec;
import io.analogcomposer.spec.rpu.RPUConfig;
import io.analogcomposer.spec.rpu.RpuType;
import io.analogcomposer.spec.schema.Defaults;
import io.analogcomposer.spec.schema.FieldModel;
import io.analogcomposer.spec.schema.RecordModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a (schema-checked) document into a fully resolved one: the experiment's and each analog layer's
 * rpu_config built from type defaults, preset, experiment settings and layer settings; every default filled;
 * the inference time grid computed. Problems that only show after merging (a field the final rpu_config type
 * does not have, a missing device) are reported with the pointer where the user wrote them.
 */
final class Resolver {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Catalogue catalogue;

    Resolver(Catalogue catalogue) {
        this.catalogue = catalogue;
    }

    /** Resolves {@code doc} in place. */
    void resolve(ObjectNode doc, Findings findings) {
        String kind = text(doc, "kind");
        doc.put("schema_version", ExperimentSpec.SCHEMA_VERSION);
        JsonNode presetRpu = presetConfig(text(doc, "preset"));
        JsonNode experimentRpu = doc.get("rpu_config");
        ObjectNode experimentConfig = resolveRpu(kind, presetRpu, experimentRpu, "/rpu_config", null, null, findings);
        doc.set("rpu_config", experimentConfig);

        JsonNode layers = doc.path("network").path("layers");
        for (int i = 0; i < layers.size(); i++) {
            if (!(layers.get(i) instanceof ObjectNode layer)) {
                continue;
            }
            String type = text(layer, "type");
            if (type != null && (type.equals("max_pool2d") || type.equals("avg_pool2d")) && !layer.has("stride")
                    && layer.has("kernel_size")) {
                // PyTorch's pooling stride defaults to the window size, not to 1.
                layer.set("stride", layer.get("kernel_size").deepCopy());
            }
            if (type == null || !type.startsWith("analog_")) {
                continue;
            }
            if (!layer.has("preset") && !layer.has("rpu_config")) {
                // Most analog layers just use the experiment's configuration.
                layer.set("rpu_config", experimentConfig.deepCopy());
                continue;
            }
            JsonNode base = presetRpu;
            String layerPreset = text(layer, "preset");
            if (layerPreset != null) {
                base = presetConfig(layerPreset);
            }
            layer.set("rpu_config", resolveRpu(kind, base, experimentRpu, "/rpu_config", layer.get("rpu_config"),
                    "/network/layers/" + i + "/rpu_config", findings));
        }

        boolean overTime = kind != null && !kind.equals("training");
        if ("training".equals(kind) && !doc.has("training")) {
            doc.putObject("training");
            findings.warn("/training",
                    "No training section: the run uses the defaults (30 epochs, batch 64, nll loss, analog_sgd with lr 0.05).",
                    null, "defaults_used");
        }
        if (overTime && !doc.has("inference")) {
            doc.putObject("inference");
        }
        Defaults.apply(doc, ExperimentSpec.class);
        if (doc.get("inference") instanceof ObjectNode inference && !inference.has("t_inference")) {
            inference.set("t_inference", grid(inference.path("inference_time").asDouble(86400),
                    inference.path("n_times").asInt(10)));
        }
    }

    /**
     * The composer's time grid: 0 s, then {@code n - 1} times log-spaced from 1 s to {@code last}, as AIHWKit's
     * cloud inference does ({@code [0] + logspace(0, log10(last), n - 1)}).
     */
    static ArrayNode grid(double last, int n) {
        ArrayNode times = NODES.arrayNode();
        times.add(0.0);
        int count = Math.max(1, n - 1);
        double top = Math.log10(Math.max(1.0, last));
        for (int i = 0; i < count; i++) {
            double exponent = count == 1 ? top : top * i / (count - 1);
            times.add(i == count - 1 ? Math.max(1.0, last) : Math.pow(10, exponent));
        }
        return times;
    }

    private JsonNode presetConfig(String name) {
        return catalogue.preset(name).map(PresetInfo::rpuConfig).orElse(null);
    }

    private ObjectNode resolveRpu(String kind, JsonNode preset, JsonNode experiment, String experimentPointer,
            JsonNode layer, String layerPointer, Findings findings) {
        if (layerPointer == null) {
            Resolutions.normalize(experiment, experimentPointer, findings);
        }
        Resolutions.normalize(layer, layerPointer, findings);
        JsonNode merged = JsonMerge.merge(JsonMerge.merge(preset, experiment), layer);
        Resolutions.dropStaleBits(merged);
        ObjectNode config = merged instanceof ObjectNode o ? o : NODES.objectNode();
        String type = text(config, "type");
        if (type == null || RecordModel.of(RPUConfig.class).tagValue(type).isEmpty()) {
            type = "training".equals(kind) ? RpuType.SINGLE.wire() : RpuType.INFERENCE.wire();
        }
        ObjectNode base = NODES.objectNode();
        if (type.equals(RpuType.INFERENCE.wire())) {
            // AIHWKit's InferenceRPUConfig: the backward pass and the update are exact floating point.
            base.putObject("backward").put("is_perfect", true);
        } else if (type.equals(RpuType.SINGLE.wire())) {
            // SingleRPUConfig's default device.
            base.putObject("device").put("type", "constant_step");
        }
        ObjectNode resolved = (ObjectNode) JsonMerge.merge(base, config);
        resolved.put("type", type);

        RecordModel model = RecordModel.of(RPUConfig.class);
        var tag = model.tagValue(type).orElseThrow();
        boolean reportExperiment = layerPointer == null;
        for (FieldModel field : model.fields().values()) {
            if (field.appliesTo(tag) || !resolved.has(field.name())) {
                continue;
            }
            // Report where the user wrote it; fields that only came from a preset of another type are dropped.
            if (reportExperiment && experiment != null && experiment.has(field.name())) {
                findings.error(experimentPointer + "/" + field.name(),
                        "'" + field.name() + "' does not apply to rpu_config type " + type + ".",
                        String.join(", ", model.fieldNamesFor(tag)), "field_not_for_type");
            }
            if (layer != null && layer.has(field.name())) {
                findings.error(layerPointer + "/" + field.name(),
                        "'" + field.name() + "' does not apply to rpu_config type " + type + ".",
                        String.join(", ", model.fieldNamesFor(tag)), "field_not_for_type");
            }
            resolved.remove(field.name());
        }
        Defaults.apply(resolved, RPUConfig.class);
        return resolved;
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isString() ? value.asString() : null;
    }

    /** Collects errors and warnings with pointers. */
    static final class Findings {
        final List<Issue> errors = new ArrayList<>();
        final List<Issue> warnings = new ArrayList<>();

        void error(String pointer, String message, String allowed, String code) {
            errors.add(new Issue(pointer, message, allowed, code));
        }

        void warn(String pointer, String message, String allowed, String code) {
            warnings.add(new Issue(pointer, message, allowed, code));
        }

        Optional<Issue> firstError() {
            return errors.stream().findFirst();
        }
    }
}
