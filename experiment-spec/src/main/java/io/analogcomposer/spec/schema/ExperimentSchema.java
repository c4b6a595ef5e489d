package io.analogcomposer.spec.schema;

import io.analogcomposer.spec.catalogue.Catalogue;
import io.analogcomposer.spec.experiment.ExperimentSpec;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.meta.Param;
import io.analogcomposer.spec.meta.TypeTag;
import io.analogcomposer.spec.meta.WireEnum;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON Schema (draft 2020-12) of the experiment document, generated from the records' {@link Param}
 * annotations and the {@link Catalogue}, so the schema cannot drift from the code. Served at
 * {@code /api/v1/schema}.
 *
 * <p>Each record becomes a {@code $defs} entry with {@code additionalProperties: false}. A record tagged by
 * {@code type} also gets one {@code if}/{@code then} per type that admits only that type's fields and requires
 * the fields that type needs.
 */
public final class ExperimentSchema {

    /** The schema's {@code $id}; the version is the document's {@code schema_version}. */
    public static final String ID = "urn:analog-composer:schema:experiment:" + ExperimentSpec.SCHEMA_VERSION;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectNode SCHEMA = generate(Catalogue.get());
    private static final String TEXT = SpecJson.writePretty(SCHEMA);

    private ExperimentSchema() {
    }

    /** The schema as indented JSON text. */
    public static String json() {
        return TEXT;
    }

    /** The schema as a tree (a defensive copy). */
    public static ObjectNode node() {
        return SCHEMA.deepCopy();
    }

    static ObjectNode shared() {
        return SCHEMA;
    }

    /** Generates the schema for the root record and everything it reaches. */
    static ObjectNode generate(Catalogue catalogue) {
        Map<String, ObjectNode> defs = new LinkedHashMap<>();
        Deque<Class<?>> todo = new ArrayDeque<>();
        todo.add(ExperimentSpec.class);
        while (!todo.isEmpty()) {
            RecordModel model = RecordModel.of(todo.poll());
            if (defs.containsKey(model.defName())) {
                continue;
            }
            defs.put(model.defName(), recordSchema(model, catalogue, todo));
        }
        ObjectNode root = NODES.objectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("$id", ID);
        root.put("title", "Analog Composer experiment");
        root.put("description",
                "One training or inference experiment for analog in-memory computing, with AIHWKit's names.");
        root.put("$ref", "#/$defs/" + RecordModel.of(ExperimentSpec.class).defName());
        ObjectNode defsNode = root.putObject("$defs");
        defs.forEach(defsNode::set);
        return root;
    }

    private static ObjectNode recordSchema(RecordModel model, Catalogue catalogue, Deque<Class<?>> todo) {
        ObjectNode schema = NODES.objectNode();
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = NODES.arrayNode();
        for (FieldModel field : model.fields().values()) {
            properties.set(field.name(), fieldSchema(field, catalogue, todo));
            if (field.param().required()) {
                required.add(field.name());
            }
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        schema.put("additionalProperties", false);
        if (model.tag().isPresent()) {
            ArrayNode allOf = NODES.arrayNode();
            for (TypeTag tag : model.tagValues()) {
                ObjectNode then = NODES.objectNode();
                List<String> names = model.fieldNamesFor(tag);
                if (names.size() < model.fields().size()) {
                    ObjectNode allowed = then.putObject("properties");
                    names.forEach(n -> allowed.put(n, true));
                    then.put("additionalProperties", false);
                }
                ArrayNode needs = NODES.arrayNode();
                model.fields().values().stream().filter(f -> !f.param().required() && f.requiredFor(tag))
                        .forEach(f -> needs.add(f.name()));
                if (!needs.isEmpty()) {
                    then.set("required", needs);
                }
                if (then.isEmpty()) {
                    continue;
                }
                ObjectNode rule = allOf.addObject();
                ObjectNode condition = rule.putObject("if");
                condition.putObject("properties").putObject("type").put("const", tag.wire());
                condition.putArray("required").add("type");
                rule.set("then", then);
            }
            if (!allOf.isEmpty()) {
                schema.set("allOf", allOf);
            }
        }
        return schema;
    }

    private static ObjectNode fieldSchema(FieldModel field, Catalogue catalogue, Deque<Class<?>> todo) {
        Param param = field.param();
        ObjectNode value = valueSchema(field, catalogue, todo);
        ObjectNode schema;
        if (field.list()) {
            schema = NODES.objectNode();
            schema.put("type", "array");
            schema.set("items", value);
            if (param.minItems() > 0) {
                schema.put("minItems", param.minItems());
            }
            if (param.maxItems() < Integer.MAX_VALUE) {
                schema.put("maxItems", param.maxItems());
            }
        } else {
            schema = value;
        }
        schema.put("description", param.doc());
        field.defaultFor(null).ifPresent(d -> schema.set("default", d));
        if (param.defFor().length > 0) {
            ObjectNode byType = schema.putObject("x-default-by-type");
            for (String entry : param.defFor()) {
                int eq = entry.indexOf('=');
                byType.set(entry.substring(0, eq), SpecJson.mapper().readTree(entry.substring(eq + 1)));
            }
        }
        if (param.appliesTo().length > 0) {
            ArrayNode applies = schema.putArray("x-applies-to");
            for (String a : param.appliesTo()) {
                applies.add(a);
            }
        }
        return schema;
    }

    @SuppressWarnings("unchecked")
    private static ObjectNode valueSchema(FieldModel field, Catalogue catalogue, Deque<Class<?>> todo) {
        Class<?> type = field.valueType();
        Param param = field.param();
        ObjectNode schema = NODES.objectNode();
        if (type.isRecord()) {
            todo.add(type);
            schema.put("$ref", "#/$defs/" + RecordModel.of(type).defName());
        } else if (type.isEnum() && WireEnum.class.isAssignableFrom(type)) {
            schema.put("type", "string");
            ArrayNode values = schema.putArray("enum");
            WireEnum.wireNames((Class<? extends Enum<?>>) type).forEach(values::add);
        } else if (type == String.class) {
            schema.put("type", "string");
            if (!param.catalogue().isEmpty() && !param.orPattern().isEmpty()) {
                // a catalogue name or a name of the other form (an uploaded dataset's)
                ArrayNode anyOf = schema.putArray("anyOf");
                ArrayNode values = anyOf.addObject().putArray("enum");
                catalogue.names(param.catalogue()).forEach(values::add);
                anyOf.addObject().put("pattern", param.orPattern());
            } else if (!param.catalogue().isEmpty()) {
                ArrayNode values = schema.putArray("enum");
                catalogue.names(param.catalogue()).forEach(values::add);
            } else {
                schema.put("maxLength", 200);
            }
        } else if (type == Integer.class || type == Long.class) {
            schema.put("type", "integer");
            bounds(schema, param);
        } else if (type == Double.class) {
            schema.put("type", "number");
            bounds(schema, param);
        } else if (type == Boolean.class) {
            schema.put("type", "boolean");
        } else {
            throw new IllegalStateException("no schema for " + type + " of field " + field.name());
        }
        return schema;
    }

    private static void bounds(ObjectNode schema, Param param) {
        if (Double.isFinite(param.min())) {
            put(schema, param.exclusiveMin() ? "exclusiveMinimum" : "minimum", param.min());
        }
        if (Double.isFinite(param.max())) {
            put(schema, param.exclusiveMax() ? "exclusiveMaximum" : "maximum", param.max());
        }
    }

    private static void put(ObjectNode schema, String key, double value) {
        // Whole numbers are written as integers so integer fields read naturally ("minimum": 1, not 1.0).
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            schema.put(key, (long) value);
        } else {
            schema.put(key, value);
        }
    }

    /** The node at a JSON pointer of the schema, or a missing node. */
    public static JsonNode at(String pointer) {
        return SCHEMA.at(pointer);
    }
}
