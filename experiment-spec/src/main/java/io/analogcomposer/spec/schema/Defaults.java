package io.analogcomposer.spec.schema;

import io.analogcomposer.spec.meta.TypeTag;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Fills absent fields of a document tree with the defaults declared in the records' annotations. */
public final class Defaults {

    private Defaults() {
    }

    /**
     * Fills every absent field of {@code node} (a JSON object of record type {@code recordType}) that has a
     * default, recursively through nested records and lists of records. For a tagged record only the fields of
     * its type are filled, with that type's defaults. Fields that are present are left alone.
     */
    public static void apply(ObjectNode node, Class<?> recordType) {
        RecordModel model = RecordModel.of(recordType);
        if (model.tag().isPresent() && !node.has("type")) {
            // The type decides which other fields exist, so its own default comes first.
            model.field("type").flatMap(f -> f.defaultFor(null)).ifPresent(d -> node.set("type", d.deepCopy()));
        }
        TypeTag tag = tagOf(node, model);
        for (FieldModel field : model.fields().values()) {
            if (tag != null && !field.appliesTo(tag)) {
                continue;
            }
            JsonNode value = node.get(field.name());
            if (value == null || value.isNull()) {
                Optional<JsonNode> def = field.defaultFor(tag);
                if (def.isEmpty()) {
                    continue;
                }
                value = def.get().deepCopy();
                node.set(field.name(), value);
            }
            if (field.nested()) {
                if (field.list() && value.isArray()) {
                    for (JsonNode item : value) {
                        if (item instanceof ObjectNode object) {
                            apply(object, field.valueType());
                        }
                    }
                } else if (value instanceof ObjectNode object) {
                    apply(object, field.valueType());
                }
            }
        }
    }

    /** The record's type tag if it has a valid one. */
    public static TypeTag tagOf(JsonNode node, RecordModel model) {
        JsonNode type = node.get("type");
        if (model.tag().isEmpty() || type == null || !type.isString()) {
            return null;
        }
        return model.tagValue(type.asString()).orElse(null);
    }
}
