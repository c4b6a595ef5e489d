package io.analogcomposer.spec.validation;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Layers partial configurations: a preset, then the experiment's settings, then a layer's. */
final class JsonMerge {

    private JsonMerge() {
    }

    /**
     * A new tree: {@code base} with {@code override} applied field by field. Objects merge recursively, except
     * that a tagged object whose {@code type} changes is replaced as a whole (the fields of a soft-bounds
     * device mean nothing to a linear-step one); arrays and scalars are replaced.
     */
    static JsonNode merge(JsonNode base, JsonNode override) {
        if (override == null || override.isMissingNode()) {
            return base == null ? null : base.deepCopy();
        }
        if (base == null || !base.isObject() || !override.isObject()) {
            return override.deepCopy();
        }
        JsonNode baseType = base.get("type");
        JsonNode overrideType = override.get("type");
        if (baseType != null && overrideType != null && !baseType.equals(overrideType)) {
            return override.deepCopy();
        }
        ObjectNode out = (ObjectNode) base.deepCopy();
        for (Map.Entry<String, JsonNode> entry : override.properties()) {
            out.set(entry.getKey(), merge(out.get(entry.getKey()), entry.getValue()));
        }
        return out;
    }
}
