package io.analogcomposer.spec.meta;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * An enum whose JSON spelling is its lower-case name ({@code ABS_MAX} is written {@code "abs_max"}). Every enum
 * of the format implements this, so the schema generator and the JSON mapper agree on the spelling without a
 * table per enum.
 */
public interface WireEnum {

    /** Implemented by every enum. */
    String name();

    /** The value as written in JSON documents. */
    @JsonValue
    default String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The JSON spellings of every constant of an enum, in declaration order. */
    static List<String> wireNames(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(c -> ((WireEnum) c).wire()).toList();
    }
}
