package io.analogcomposer.spec.schema;

import io.analogcomposer.spec.meta.TypeTag;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fields of one record of the format, read once from its {@link io.analogcomposer.spec.meta.Param}
 * annotations. A record whose first field is {@code type} with a {@link TypeTag} enum is "tagged": which of its
 * fields exist depends on that type.
 */
public final class RecordModel {

    private static final Map<Class<?>, RecordModel> CACHE = new ConcurrentHashMap<>();

    private final Class<?> type;
    private final Map<String, FieldModel> fields;

    private RecordModel(Class<?> type) {
        this.type = type;
        Map<String, FieldModel> map = new LinkedHashMap<>();
        for (RecordComponent component : type.getRecordComponents()) {
            FieldModel field = FieldModel.of(component);
            map.put(field.name(), field);
        }
        this.fields = Collections.unmodifiableMap(map);
    }

    /** The model of a record class of the format. */
    public static RecordModel of(Class<?> recordType) {
        if (!recordType.isRecord()) {
            throw new IllegalArgumentException(recordType + " is not a record");
        }
        return CACHE.computeIfAbsent(recordType, RecordModel::new);
    }

    public Class<?> type() {
        return type;
    }

    /** Name used in the schema's {@code $defs}. */
    public String defName() {
        return type.getSimpleName();
    }

    public Map<String, FieldModel> fields() {
        return fields;
    }

    public Optional<FieldModel> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    /** The enum of the {@code type} field if this record is tagged by it. */
    @SuppressWarnings("unchecked")
    public Optional<Class<? extends Enum<?>>> tag() {
        FieldModel typeField = fields.get("type");
        if (typeField != null && TypeTag.class.isAssignableFrom(typeField.valueType())
                && typeField.valueType().isEnum()) {
            return Optional.of((Class<? extends Enum<?>>) typeField.valueType());
        }
        return Optional.empty();
    }

    /** The tag constant with this JSON name, if any. */
    public Optional<TypeTag> tagValue(String wire) {
        return tag().flatMap(t -> Arrays.stream(t.getEnumConstants()).map(c -> (TypeTag) c)
                .filter(c -> c.wire().equals(wire)).findFirst());
    }

    /** Every constant of the tag enum. */
    public List<TypeTag> tagValues() {
        List<TypeTag> all = new ArrayList<>();
        tag().ifPresent(t -> Arrays.stream(t.getEnumConstants()).forEach(c -> all.add((TypeTag) c)));
        return all;
    }

    /** The names of the fields that exist for this type ({@code null}: all). */
    public List<String> fieldNamesFor(TypeTag tagValue) {
        return fields.values().stream().filter(f -> f.appliesTo(tagValue)).map(FieldModel::name).toList();
    }
}
