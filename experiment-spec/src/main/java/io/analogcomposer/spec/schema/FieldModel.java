package io.analogcomposer.spec.schema;

import io.analogcomposer.spec.json.Names;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.meta.Param;
import io.analogcomposer.spec.meta.TypeTag;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * One field of a record of the format, as the schema generator and the default resolution see it.
 *
 * @param name the JSON name
 * @param component the record component
 * @param param its description
 * @param valueType the field's class, or the item class of a list
 * @param list whether the field is a list of {@code valueType}
 * @param defaultValue the parsed {@link Param#def()}, or null
 * @param defaultsByType the parsed {@link Param#defFor()} by type name
 */
public record FieldModel(String name, RecordComponent component, Param param, Class<?> valueType, boolean list,
        JsonNode defaultValue, Map<String, JsonNode> defaultsByType) {

    static FieldModel of(RecordComponent component) {
        Param param = component.getAnnotation(Param.class);
        if (param == null) {
            throw new IllegalStateException(component.getDeclaringRecord().getSimpleName() + "." + component.getName()
                    + " has no @Param: every field of the format needs its description");
        }
        Class<?> type = component.getType();
        boolean list = java.util.List.class.isAssignableFrom(type);
        if (list) {
            Type generic = component.getGenericType();
            type = (Class<?>) ((ParameterizedType) generic).getActualTypeArguments()[0];
        }
        String name = Names.snake(component.getName());
        // Parsed once here: resolution asks for defaults thousands of times per second.
        JsonNode def = param.def().equals(Param.NO_DEFAULT) ? null : parse(name, param.def());
        Map<String, JsonNode> byType = new HashMap<>();
        for (String entry : param.defFor()) {
            int eq = entry.indexOf('=');
            byType.put(entry.substring(0, eq), parse(name, entry.substring(eq + 1)));
        }
        return new FieldModel(name, component, param, type, list, def, Map.copyOf(byType));
    }

    /** Whether the value is a nested record of the format. */
    public boolean nested() {
        return valueType.isRecord();
    }

    /** Whether this field exists for a record of the given type ({@code null}: type unknown, so it may). */
    public boolean appliesTo(TypeTag type) {
        return type == null || type.matches(param.appliesTo());
    }

    /** Whether this field must be present for a record of the given type. */
    public boolean requiredFor(TypeTag type) {
        if (param.required()) {
            return true;
        }
        return type != null && param.requiredFor().length > 0 && type.matches(param.requiredFor());
    }

    /** The default for a record of the given type, if the field has one (shared: copy before changing it). */
    public Optional<JsonNode> defaultFor(TypeTag type) {
        if (type != null) {
            JsonNode byType = defaultsByType.get(type.wire());
            if (byType != null) {
                return Optional.of(byType);
            }
        }
        return Optional.ofNullable(defaultValue);
    }

    private static JsonNode parse(String name, String literal) {
        try {
            return SpecJson.mapper().readTree(literal);
        } catch (RuntimeException e) {
            throw new IllegalStateException("default of " + name + " is not JSON: " + literal, e);
        }
    }
}
