package io.analogcomposer.spec.catalogue;

import java.util.List;

/**
 * A value of one of the format's type enums (layer, device, noise model, ...) with the fields it has.
 *
 * @param name the JSON name
 * @param description one sentence for users
 * @param groups the groups it belongs to (e.g. {@code analog}, {@code compound})
 * @param fields the fields a record of this type may have
 */
public record TypeInfo(String name, String description, List<String> groups, List<String> fields) {}
