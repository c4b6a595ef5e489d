package io.analogcomposer.spec.meta;

import java.util.Set;

/**
 * The {@code type} enum of a type-tagged record (a layer, a device, a noise model). A record's
 * {@link Param#appliesTo()} names either single types or groups written {@code "@group"}, so fields shared by
 * many types (e.g. every pulsed device's {@code dw_min}) are declared once.
 */
public interface TypeTag extends WireEnum {

    /** One sentence for users: what this type is (shown in the catalogue and the UI). */
    String description();

    /** The groups this type belongs to, without the {@code @}. */
    default Set<String> groups() {
        return Set.of();
    }

    /** Whether a field declared with these {@code appliesTo} names exists for this type. */
    default boolean matches(String[] appliesTo) {
        if (appliesTo.length == 0) {
            return true;
        }
        for (String name : appliesTo) {
            if (name.startsWith("@") ? groups().contains(name.substring(1)) : name.equals(wire())) {
                return true;
            }
        }
        return false;
    }
}
