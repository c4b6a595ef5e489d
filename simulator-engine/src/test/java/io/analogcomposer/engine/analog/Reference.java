package io.analogcomposer.engine.analog;

import io.analogcomposer.engine.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Access to the statistics measured with AIHWKit 1.0.0: the project's reference data in
 * {@code test-support/src/main/resources/reference/aihwkit/} (with their README), test resources of this module.
 */
public final class Reference {
    private Reference() {
    }

    /** Raw bytes of a reference file. */
    public static byte[] bytes(String name) {
        try (InputStream in = Reference.class.getResourceAsStream("/aihwkit-reference/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource aihwkit-reference/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A reference JSON file as maps and lists. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> json(String name) {
        return (Map<String, Object>) Json.parse(new String(bytes(name), StandardCharsets.UTF_8));
    }

    /** Navigates maps by keys. */
    @SuppressWarnings("unchecked")
    public static <T> T at(Object root, String... keys) {
        Object o = root;
        for (String k : keys) {
            o = ((Map<String, Object>) o).get(k);
            if (o == null) {
                throw new IllegalArgumentException("no key " + k);
            }
        }
        return (T) o;
    }

    /** A number at a path. */
    public static double num(Object root, String... keys) {
        return ((Number) at(root, keys)).doubleValue();
    }

    /** A list at a path. */
    public static List<Object> list(Object root, String... keys) {
        return at(root, keys);
    }
}
