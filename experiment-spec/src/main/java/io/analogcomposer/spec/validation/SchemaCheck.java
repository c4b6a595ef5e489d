package io.analogcomposer.spec.validation;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import io.analogcomposer.spec.schema.ExperimentSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks a document against the generated JSON Schema with networknt's validator and turns its findings into
 * {@link Issue}s a user can act on: the pointer of the offending field, a sentence, the allowed values or
 * range, and for unknown fields and values a "did you mean" hint.
 */
final class SchemaCheck {

    private final Schema schema;
    private final Schema rpuConfigSchema;
    private final JsonNode schemaTree;

    SchemaCheck() {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaRegistryConfig(
                        SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER).build()));
        this.schemaTree = ExperimentSchema.node();
        this.schema = registry.getSchema(schemaTree);
        // The same definitions with the RPU configuration as root, to check configurations after merging.
        ObjectNode rpuRoot = ExperimentSchema.node();
        rpuRoot.put("$ref", "#/$defs/RPUConfig");
        this.rpuConfigSchema = registry.getSchema(rpuRoot);
    }

    /**
     * Every schema violation of the submitted document, at most one per pointer and kind. Fields that only
     * some types require are not demanded inside an rpu_config here: a partial configuration may rely on its
     * preset for them, so {@link #checkResolvedRpuConfig} demands them after merging.
     */
    List<Issue> check(JsonNode document) {
        Map<String, Issue> issues = new LinkedHashMap<>();
        for (com.networknt.schema.Error error : schema.validate(document)) {
            Issue issue = toIssue(error, "");
            if (issue.code().equals("required") && issue.pointer().contains("/rpu_config/")) {
                continue;
            }
            add(issues, issue);
        }
        return new ArrayList<>(issues.values());
    }

    /** Schema violations of a merged rpu_config, with pointers below {@code prefix}. */
    List<Issue> checkResolvedRpuConfig(JsonNode config, String prefix) {
        Map<String, Issue> issues = new LinkedHashMap<>();
        for (com.networknt.schema.Error error : rpuConfigSchema.validate(config)) {
            add(issues, toIssue(error, prefix));
        }
        return new ArrayList<>(issues.values());
    }

    private static void add(Map<String, Issue> issues, Issue issue) {
        boolean field = issue.code().equals("unknown_field") || issue.code().equals("field_not_for_type");
        String key = issue.pointer() + "|" + (field ? "field" : issue.code());
        // An unknown field is reported by the record's rule and again by its type's rule; the type's names
        // the fields that type really has, so it wins.
        Issue earlier = issues.get(key);
        if (earlier == null || (field && issue.message().contains("not a field of type")
                && !earlier.message().contains("not a field of type"))) {
            issues.put(key, issue);
        }
    }

    private Issue toIssue(com.networknt.schema.Error error, String prefix) {
        String at = prefix + error.getInstanceLocation().toString();
        String keyword = error.getKeyword() == null ? "" : error.getKeyword();
        String schemaPointer = error.getSchemaLocation().getFragment().toString();
        JsonNode owner = schemaTree.at(parent(schemaPointer));
        JsonNode value = error.getInstanceNode();
        String field = label(at);
        int anyOf = schemaPointer.indexOf("/anyOf");
        if (anyOf >= 0 && value != null && value.isValueNode()) {
            // a catalogue name or a name of another form (an uploaded dataset's): one issue whichever branch spoke
            return notAnyOf(at, field, value, schemaTree.at(schemaPointer.substring(0, anyOf)));
        }
        return switch (keyword) {
            case "required" -> {
                String name = error.getProperty();
                String typeHint = typeCondition(schemaPointer).map(t -> " for type " + t).orElse("");
                JsonNode property = schemaTree.at(recordOf(schemaPointer) + "/properties/" + escape(name));
                yield new Issue(at + "/" + escape(name), "'" + name + "' is required" + typeHint + " but missing.",
                        allowedOf(property), "required");
            }
            case "additionalProperties" -> unknownField(at, error.getProperty(), schemaPointer, owner);
            case "enum" -> {
                List<String> allowed = new ArrayList<>();
                error.getSchemaNode().forEach(v -> allowed.add(v.asString()));
                String typed = value != null && value.isString() ? value.asString() : String.valueOf(value);
                String hint = Hints.closest(typed, allowed).map(s -> " Did you mean '" + s + "'?").orElse("");
                yield new Issue(at, "'" + typed + "' is not a valid " + describe(field) + "." + hint,
                        String.join(", ", allowed), "invalid_value");
            }
            case "type" -> new Issue(at,
                    describe(field) + " must be " + article(error.getSchemaNode().asString()) + ", not "
                            + article(kindOf(value)) + ".",
                    error.getSchemaNode().asString(), "wrong_type");
            case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum" -> new Issue(at,
                    describe(field) + " is " + number(value) + ", outside its allowed range.", range(owner),
                    "out_of_range");
            case "minItems", "maxItems" -> new Issue(at,
                    describe(field) + " has " + (value == null ? 0 : value.size()) + " items.", items(owner),
                    "wrong_length");
            case "maxLength" -> new Issue(at, describe(field) + " is too long.",
                    "at most " + owner.path("maxLength").asInt() + " characters", "too_long");
            default -> new Issue(at, describe(field) + " " + error.getMessage() + ".", null, "schema");
        };
    }

    /** A value that is none of a field's catalogue names and not of its other form either. */
    private static Issue notAnyOf(String at, String field, JsonNode value, JsonNode property) {
        List<String> names = new ArrayList<>();
        String pattern = null;
        for (JsonNode branch : property.path("anyOf")) {
            branch.path("enum").forEach(v -> names.add(v.asString()));
            if (branch.has("pattern")) {
                pattern = branch.get("pattern").asString();
            }
        }
        String typed = value.isString() ? value.asString() : String.valueOf(value);
        String hint = Hints.closest(typed, names).map(s -> " Did you mean '" + s + "'?").orElse("");
        String other = pattern != null && pattern.startsWith("^user:")
                ? "user:<id> of a dataset you uploaded"
                : "a value matching " + pattern;
        if (value.isString() && typed.startsWith("user:")) {
            hint = " An uploaded dataset is named user: and its id (a UUID), as GET /api/v1/datasets lists it.";
        }
        return new Issue(at, "'" + typed + "' is not a valid " + describe(field) + "." + hint,
                String.join(", ", names) + (pattern == null ? "" : ", or " + other), "invalid_value");
    }

    private Issue unknownField(String at, String name, String schemaPointer, JsonNode owner) {
        String pointer = at + "/" + escape(name);
        Optional<String> type = typeCondition(schemaPointer);
        List<String> allowed = new ArrayList<>();
        owner.path("properties").propertyNames().forEach(allowed::add);
        if (type.isPresent()) {
            // The field exists in the record but not for this type (e.g. "p" on a relu layer).
            JsonNode record = schemaTree.at(recordOf(schemaPointer));
            boolean known = record.path("properties").has(name);
            allowed.remove("type");
            String hint = known ? "" : Hints.closest(name, allowed).map(s -> " Did you mean '" + s + "'?").orElse("");
            return new Issue(pointer, "'" + name + "' is not a field of type " + type.get() + "." + hint,
                    allowed.isEmpty() ? "no other fields" : String.join(", ", allowed),
                    known ? "field_not_for_type" : "unknown_field");
        }
        String hint = Hints.closest(name, allowed).map(s -> " Did you mean '" + s + "'?").orElse("");
        return new Issue(pointer, "Unknown field '" + name + "'." + hint, String.join(", ", allowed),
                "unknown_field");
    }

    /** The type named by the {@code if} of the allOf rule a schema pointer lies in, if any. */
    private Optional<String> typeCondition(String schemaPointer) {
        int then = schemaPointer.lastIndexOf("/then");
        if (then < 0) {
            return Optional.empty();
        }
        JsonNode condition = schemaTree.at(schemaPointer.substring(0, then) + "/if/properties/type/const");
        return condition.isString() ? Optional.of(condition.asString()) : Optional.empty();
    }

    private static String recordOf(String schemaPointer) {
        int allOf = schemaPointer.indexOf("/allOf");
        return allOf < 0 ? parent(schemaPointer) : schemaPointer.substring(0, allOf);
    }

    /** What a field accepts, in words: its values, its range, or its kind. */
    private String allowedOf(JsonNode property) {
        if (property.has("enum")) {
            List<String> values = new ArrayList<>();
            property.get("enum").forEach(v -> values.add(v.asString()));
            return String.join(", ", values);
        }
        if (property.has("$ref")) {
            return "an object (" + property.get("$ref").asString().replace("#/$defs/", "") + ")";
        }
        String type = property.path("type").asString("");
        if (type.equals("array")) {
            JsonNode items = property.path("items");
            String of = items.has("$ref")
                    ? items.get("$ref").asString().replace("#/$defs/", "") + " objects"
                    : items.path("type").asString("") + "s" + (hasBounds(items) ? " with " + range(items) : "");
            return "a list of " + of + ", " + items(property);
        }
        if (hasBounds(property)) {
            return (type.equals("integer") ? "an integer, " : "a number, ") + range(property);
        }
        return type.isEmpty() ? null : article(type);
    }

    private static boolean hasBounds(JsonNode schema) {
        return schema.has("minimum") || schema.has("maximum") || schema.has("exclusiveMinimum")
                || schema.has("exclusiveMaximum");
    }

    static String range(JsonNode schema) {
        String low = schema.has("minimum")
                ? number(schema.get("minimum")) + " ≤ "
                : schema.has("exclusiveMinimum") ? number(schema.get("exclusiveMinimum")) + " < " : "";
        String high = schema.has("maximum")
                ? " ≤ " + number(schema.get("maximum"))
                : schema.has("exclusiveMaximum") ? " < " + number(schema.get("exclusiveMaximum")) : "";
        return low + "value" + high;
    }

    private static String items(JsonNode schema) {
        int min = schema.path("minItems").asInt(0);
        String max = schema.has("maxItems") ? String.valueOf(schema.get("maxItems").asInt()) : "any number of";
        return min + " to " + max + " items";
    }

    static String number(JsonNode value) {
        if (value == null || !value.isNumber()) {
            return String.valueOf(value);
        }
        double d = value.asDouble();
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }

    private static String kindOf(JsonNode value) {
        if (value == null || value.isNull()) {
            return "null";
        }
        if (value.isString()) {
            return "string";
        }
        if (value.isBoolean()) {
            return "boolean";
        }
        if (value.isIntegralNumber()) {
            return "integer";
        }
        if (value.isNumber()) {
            return "number";
        }
        return value.isArray() ? "array" : "object";
    }

    private static String article(String type) {
        return switch (type) {
            case "integer", "object", "array" -> "an " + type;
            case "null" -> "null";
            default -> "a " + type;
        };
    }

    private static String describe(String field) {
        return field.isEmpty() ? "The document" : "'" + field + "'";
    }

    /** A pointer as a dotted path for sentences: /network/layers/3/type → network.layers.3.type. */
    private static String label(String pointer) {
        return pointer.isEmpty() ? "" : pointer.substring(1).replace('/', '.').replace("~1", "/").replace("~0", "~");
    }

    private static String parent(String pointer) {
        int slash = pointer.lastIndexOf('/');
        return slash <= 0 ? "" : pointer.substring(0, slash);
    }

    static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
