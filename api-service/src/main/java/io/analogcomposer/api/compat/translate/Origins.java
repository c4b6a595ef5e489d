package io.analogcomposer.api.compat.translate;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where each part of a translated document came from in the protobuf message, so that an error our validator
 * reports at a JSON pointer (e.g. {@code /training/batch_size}) is shown to the AIHWKit user at the field they
 * set ({@code dataset.batch_size}).
 */
final class Origins {

    private final Map<String, String> byPointer = new LinkedHashMap<>();

    void put(String pointer, String field) {
        byPointer.put(pointer, field);
    }

    /** The message field of the longest known pointer prefix, followed by the rest of the pointer. */
    String fieldOf(String pointer) {
        String best = null;
        for (String prefix : byPointer.keySet()) {
            boolean matches = pointer.equals(prefix) || pointer.startsWith(prefix + "/");
            if (matches && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        if (best == null) {
            return "document" + pointer.replace('/', '.');
        }
        String rest = pointer.substring(best.length());
        return byPointer.get(best) + rest.replace('/', '.');
    }
}
