package io.analogcomposer.spec.cost;

import io.analogcomposer.spec.json.SpecJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The shipped hardware parameter sets ({@code parameter-sets.json} next to this class): each figure with its
 * unit, whether the source publishes it, it is derived from published figures, included in another figure or
 * assumed, and the publication it comes from.
 */
public final class ParameterSets {

    /** The names of the model's figures, in the order they are reported. */
    public static final List<String> FIGURES = List.of("tile_rows", "tile_cols", "chip_tiles", "mvm_time_ns",
            "dac_energy_pj", "adc_energy_pj", "mac_energy_pj", "digital_ops_per_output", "digital_op_energy_pj",
            "digital_op_time_ns", "digital_parallelism", "data_movement_energy_pj", "data_movement_time_ns");

    /** The set an experiment without {@code cost_model} is estimated with. */
    public static final String DEFAULT = "hermes_pcm_14nm";

    /** A publication figures come from. */
    public record Reference(String id, String citation, String url, String figures) {}

    /**
     * One figure of a set.
     *
     * @param basis published, derived (computed from published figures, see note), included (contained in another
     *        figure of the set), assumed (not in the source), or user (supplied in the document)
     */
    public record Figure(String name, double value, String unit, String basis, String source, String note) {}

    /** A named set of figures. */
    public record ParameterSet(String name, String title, String description, Map<String, Figure> figures) {

        public double value(String figure) {
            return figures.get(figure).value();
        }
    }

    private static final ParameterSets STANDARD = load();

    private final Map<String, Reference> references;
    private final Map<String, ParameterSet> sets;

    private ParameterSets(Map<String, Reference> references, Map<String, ParameterSet> sets) {
        this.references = Map.copyOf(references);
        this.sets = sets;
    }

    public static ParameterSets standard() {
        return STANDARD;
    }

    public List<String> names() {
        return List.copyOf(sets.keySet());
    }

    public List<ParameterSet> sets() {
        return List.copyOf(sets.values());
    }

    public Optional<ParameterSet> set(String name) {
        return Optional.ofNullable(name == null ? null : sets.get(name));
    }

    public Optional<Reference> reference(String id) {
        return Optional.ofNullable(references.get(id));
    }

    private static ParameterSets load() {
        JsonNode root;
        try (InputStream in = ParameterSets.class.getResourceAsStream("parameter-sets.json")) {
            if (in == null) {
                throw new IllegalStateException("parameter-sets.json is missing from the classpath");
            }
            root = SpecJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Reference> references = new LinkedHashMap<>();
        root.path("references").properties().forEach(e -> references.put(e.getKey(), new Reference(e.getKey(),
                e.getValue().path("citation").asString(), e.getValue().path("url").asString(),
                e.getValue().path("figures").asString())));
        Map<String, ParameterSet> sets = new LinkedHashMap<>();
        for (JsonNode set : root.path("sets")) {
            String name = set.path("name").asString();
            Map<String, Figure> figures = new LinkedHashMap<>();
            for (String figure : FIGURES) {
                JsonNode f = set.path("values").path(figure);
                String source = f.path("source").asString();
                // a set that cites nothing, or misses a figure, is a packaging mistake: fail at start, not per estimate
                if (!f.path("value").isNumber() || !references.containsKey(source)) {
                    throw new IllegalStateException("parameter set " + name + " lacks figure " + figure
                            + " or its source");
                }
                figures.put(figure, new Figure(figure, f.path("value").asDouble(), f.path("unit").asString(),
                        f.path("basis").asString(), source, f.path("note").asString()));
            }
            List<String> unknown = new ArrayList<>(set.path("values").propertyNames());
            unknown.removeAll(FIGURES);
            if (!unknown.isEmpty()) {
                throw new IllegalStateException("parameter set " + name + " has unknown figures " + unknown);
            }
            sets.put(name, new ParameterSet(name, set.path("title").asString(), set.path("description").asString(),
                    Collections.unmodifiableMap(figures)));
        }
        return new ParameterSets(references, sets);
    }
}
