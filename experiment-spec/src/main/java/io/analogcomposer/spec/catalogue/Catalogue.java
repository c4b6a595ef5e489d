package io.analogcomposer.spec.catalogue;

import io.analogcomposer.spec.cost.ParameterSets;
import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.experiment.ExperimentKind;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.meta.TypeTag;
import io.analogcomposer.spec.network.Layer;
import io.analogcomposer.spec.network.LayerType;
import io.analogcomposer.spec.rpu.Device;
import io.analogcomposer.spec.rpu.DeviceType;
import io.analogcomposer.spec.rpu.DriftCompensation;
import io.analogcomposer.spec.rpu.DriftCompensationType;
import io.analogcomposer.spec.rpu.NoiseModel;
import io.analogcomposer.spec.rpu.NoiseModelType;
import io.analogcomposer.spec.rpu.RPUConfig;
import io.analogcomposer.spec.rpu.RpuType;
import io.analogcomposer.spec.schema.RecordModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the engine supports, in one registry read by the validator, the API and the UI: layer types, devices and
 * compounds, noise models, drift compensations, RPU presets, datasets, experiment templates, pre-trained
 * weights and backends. Presets and templates are versioned JSON documents under
 * {@code io/analogcomposer/spec/catalogue/}.
 */
public final class Catalogue {

    private static final String ROOT = "/io/analogcomposer/spec/catalogue/";
    private static final Catalogue INSTANCE = load();

    /** The word lines and bit lines of the Fusion PCM chip (tutorial Sec. VI.4). */
    public static final int CHIP_ROWS = 512;
    public static final int CHIP_COLUMNS = 2048;

    private final Map<String, DatasetInfo> datasets;
    private final Map<String, PresetInfo> presets;
    private final Map<String, TemplateInfo> templates;
    private final Map<String, WeightTemplateInfo> weightTemplates;
    private final Map<Backend, BackendInfo> backends;

    private Catalogue(Map<String, DatasetInfo> datasets, Map<String, PresetInfo> presets,
            Map<String, TemplateInfo> templates, Map<String, WeightTemplateInfo> weightTemplates,
            Map<Backend, BackendInfo> backends) {
        this.datasets = datasets;
        this.presets = presets;
        this.templates = templates;
        this.weightTemplates = weightTemplates;
        this.backends = backends;
    }

    /** The catalogue shipped with this version of the format. */
    public static Catalogue get() {
        return INSTANCE;
    }

    public List<DatasetInfo> datasets() {
        return List.copyOf(datasets.values());
    }

    public Optional<DatasetInfo> dataset(String name) {
        return Optional.ofNullable(name == null ? null : datasets.get(name));
    }

    public List<PresetInfo> presets() {
        return List.copyOf(presets.values());
    }

    public Optional<PresetInfo> preset(String name) {
        return Optional.ofNullable(name == null ? null : presets.get(name));
    }

    public List<TemplateInfo> templates() {
        return List.copyOf(templates.values());
    }

    public Optional<TemplateInfo> template(String id) {
        return Optional.ofNullable(id == null ? null : templates.get(id));
    }

    public List<WeightTemplateInfo> weightTemplates() {
        return List.copyOf(weightTemplates.values());
    }

    public Optional<WeightTemplateInfo> weightTemplate(String id) {
        return Optional.ofNullable(id == null ? null : weightTemplates.get(id));
    }

    public List<BackendInfo> backends() {
        return List.copyOf(backends.values());
    }

    public BackendInfo backend(Backend backend) {
        return backends.get(backend);
    }

    /**
     * The names of a catalogue list that a string field may take ({@link io.analogcomposer.spec.meta.Param#catalogue()}):
     * {@code datasets}, {@code presets}, {@code weight_templates}, {@code templates}.
     */
    public List<String> names(String list) {
        return switch (list) {
            case "datasets" -> List.copyOf(datasets.keySet());
            case "presets" -> List.copyOf(presets.keySet());
            case "weight_templates" -> List.copyOf(weightTemplates.keySet());
            case "templates" -> List.copyOf(templates.keySet());
            case "cost_parameter_sets" -> ParameterSets.standard().names();
            default -> throw new IllegalArgumentException("no catalogue list " + list);
        };
    }

    public List<TypeInfo> layerTypes() {
        return types(Layer.class, LayerType.values());
    }

    /** Device models and compounds ({@link TypeInfo#groups()} contains {@code compound} for compounds). */
    public List<TypeInfo> deviceTypes() {
        return types(Device.class, DeviceType.values());
    }

    public List<TypeInfo> noiseModels() {
        return types(NoiseModel.class, NoiseModelType.values());
    }

    public List<TypeInfo> driftCompensations() {
        return types(DriftCompensation.class, DriftCompensationType.values());
    }

    /** The rpu_config types with the fields each has. */
    public List<TypeInfo> rpuTypes() {
        return types(RPUConfig.class, RpuType.values());
    }

    private static List<TypeInfo> types(Class<?> record, TypeTag[] values) {
        RecordModel model = RecordModel.of(record);
        List<TypeInfo> out = new ArrayList<>();
        for (TypeTag value : values) {
            out.add(new TypeInfo(value.wire(), value.description(), value.groups().stream().sorted().toList(),
                    model.fieldNamesFor(value).stream().filter(f -> !f.equals("type")).toList()));
        }
        return out;
    }

    /** The whole catalogue as one JSON document, for {@code /api/v1/catalogue} and the UI. */
    public JsonNode toJson() {
        ObjectNode root = SpecJson.mapper().createObjectNode();
        root.set("layer_types", SpecJson.tree(layerTypes()));
        root.set("device_types", SpecJson.tree(deviceTypes()));
        root.set("noise_models", SpecJson.tree(noiseModels()));
        root.set("drift_compensations", SpecJson.tree(driftCompensations()));
        root.set("rpu_types", SpecJson.tree(rpuTypes()));
        root.set("presets", SpecJson.tree(presets()));
        root.set("datasets", SpecJson.tree(datasets()));
        root.set("templates", SpecJson.tree(templates()));
        root.set("weight_templates", SpecJson.tree(weightTemplates()));
        root.set("backends", SpecJson.tree(backends()));
        return root;
    }

    private static Catalogue load() {
        Map<String, DatasetInfo> datasets = new LinkedHashMap<>();
        for (DatasetInfo d : readList("datasets.json", new TypeReference<List<DatasetInfo>>() {
        })) {
            datasets.put(d.name(), d);
        }
        Map<String, PresetInfo> presets = new LinkedHashMap<>();
        for (String name : readList("presets/index.json", new TypeReference<List<String>>() {
        })) {
            PresetInfo preset = SpecJson.read(resource("presets/" + name + ".json"), PresetInfo.class);
            if (!preset.name().equals(name)) {
                throw new IllegalStateException("preset file " + name + ".json names " + preset.name());
            }
            presets.put(name, preset);
        }
        Map<String, TemplateInfo> templates = new LinkedHashMap<>();
        for (String id : readList("templates/index.json", new TypeReference<List<String>>() {
        })) {
            templates.put(id, SpecJson.read(resource("templates/" + id + ".json"), TemplateInfo.class));
        }
        Map<String, WeightTemplateInfo> weights = new LinkedHashMap<>();
        for (WeightTemplateInfo w : readList("weight-templates.json",
                new TypeReference<List<WeightTemplateInfo>>() {
                })) {
            weights.put(w.id(), w);
        }
        Map<Backend, BackendInfo> backends = new LinkedHashMap<>();
        List<ExperimentKind> simulated = List.of(ExperimentKind.TRAINING, ExperimentKind.INFERENCE);
        backends.put(Backend.CPU, new BackendInfo(Backend.CPU, "The simulator on CPU workers.", simulated, 0, 0));
        backends.put(Backend.GPU, new BackendInfo(Backend.GPU,
                "The simulator as a PyTorch tensor program on GPU workers: inference, hardware-aware or digital "
                        + "training, and in-memory training with one pulsed device per cross-point (rpu_config type "
                        + "single), of the layers that program supports; compound devices (Tiki-Taka family, mixed "
                        + "precision) and other layers are refused by name and run on cpu.",
                simulated, 0, 0));
        backends.put(Backend.HARDWARE,
                new BackendInfo(Backend.HARDWARE,
                        "The Fusion PCM chip: weights are programmed and read back, inference runs in the simulator.",
                        List.of(ExperimentKind.HARDWARE_INFERENCE), CHIP_ROWS, CHIP_COLUMNS));
        return new Catalogue(datasets, presets, templates, weights,
                backends);
    }

    private static <T> T readList(String name, TypeReference<T> type) {
        return SpecJson.mapper().readValue(resource(name), type);
    }

    private static String resource(String name) {
        try (InputStream in = Catalogue.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("catalogue resource missing: " + ROOT + name);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
