package io.analogcomposer.spec.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.analogcomposer.spec.experiment.ExperimentSpec;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.meta.TypeTag;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ExperimentSchemaTest {

    /** The published copy next to the module; regenerate with -Dspec.writeSchema=true after changing a record. */
    static final Path SNAPSHOT = Path.of("schema", "experiment.schema.json");

    @Test
    void theSchemaIsAValidDraft202012Schema() {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        Schema meta = registry.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        assertThat(meta.validate(ExperimentSchema.node())).isEmpty();
    }

    @Test
    void thePublishedSchemaFileIsTheGeneratedOne() throws IOException {
        if (Boolean.getBoolean("spec.writeSchema")) {
            Files.createDirectories(SNAPSHOT.getParent());
            Files.writeString(SNAPSHOT, ExperimentSchema.json() + "\n", StandardCharsets.UTF_8);
        }
        assertThat(SNAPSHOT).exists();
        boolean same = Files.readString(SNAPSHOT, StandardCharsets.UTF_8).strip()
                .equals(ExperimentSchema.json().strip());
        assertThat(same)
                .as("schema/experiment.schema.json differs from the records; run the tests with -Dspec.writeSchema=true and review the diff")
                .isTrue();
    }

    @Test
    void everyFieldHasADescriptionAndEveryDefaultPassesItsOwnFieldSchema() {
        ObjectNode root = ExperimentSchema.node();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        List<String> failures = new ArrayList<>();
        root.get("$defs").properties().forEach(def -> def.getValue().get("properties").properties().forEach(p -> {
            JsonNode field = p.getValue();
            String where = def.getKey() + "." + p.getKey();
            if (field.path("description").asString("").isBlank()) {
                failures.add(where + " has no description");
            }
            List<JsonNode> defaults = new ArrayList<>();
            if (field.has("default")) {
                defaults.add(field.get("default"));
            }
            field.path("x-default-by-type").forEach(defaults::add);
            for (JsonNode value : defaults) {
                ObjectNode single = ((ObjectNode) field).deepCopy();
                single.remove(List.of("default", "x-default-by-type", "x-applies-to"));
                single.set("$defs", root.get("$defs"));
                var errors = registry.getSchema(single).validate(value);
                if (!errors.isEmpty()) {
                    failures.add(where + " default " + value + ": " + errors);
                }
            }
        }));
        assertThat(failures).isEmpty();
    }

    @Test
    void appliesToNamesExistingTypesOrGroups() {
        List<String> failures = new ArrayList<>();
        List<Class<?>> records = new ArrayList<>();
        ExperimentSchema.node().get("$defs").propertyNames().forEach(name -> records.add(recordNamed(name)));
        for (Class<?> record : records) {
            RecordModel model = RecordModel.of(record);
            Set<String> known = new TreeSet<>();
            for (TypeTag tag : model.tagValues()) {
                known.add(tag.wire());
                tag.groups().forEach(g -> known.add("@" + g));
            }
            for (FieldModel field : model.fields().values()) {
                List<String> names = new ArrayList<>(List.of(field.param().appliesTo()));
                names.addAll(List.of(field.param().requiredFor()));
                for (String entry : field.param().defFor()) {
                    names.add(entry.substring(0, entry.indexOf('=')));
                }
                for (String name : names) {
                    if (!known.contains(name)) {
                        failures.add(record.getSimpleName() + "." + field.name() + " names unknown type " + name);
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void taggedRecordsAdmitOnlyTheirTypesFields() {
        JsonNode layer = ExperimentSchema.node().at("/$defs/Layer");
        assertThat(layer.path("required").toString()).contains("type");
        assertThat(layer.path("allOf").size()).isGreaterThan(10);
        assertThat(ExperimentSchema.node().at("/$defs/IOParameters/properties/inp_res/default").asDouble())
                .isEqualTo(1.0 / 126);
        assertThat(ExperimentSchema.json()).contains("\"$schema\" : \"https://json-schema.org/draft/2020-12/schema\"");
    }

    private static Class<?> recordNamed(String simpleName) {
        for (String pkg : List.of("experiment", "network", "rpu", "cost")) {
            try {
                return Class
                        .forName(ExperimentSpec.class.getPackageName().replace("experiment", pkg) + "." + simpleName);
            } catch (ClassNotFoundException e) {
                // try the next package
            }
        }
        throw new AssertionError("no record " + simpleName);
    }
}
