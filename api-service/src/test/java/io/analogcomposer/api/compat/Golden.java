package io.analogcomposer.api.compat;

import io.analogcomposer.testsupport.SharedReference;
import java.nio.charset.StandardCharsets;

/**
 * The golden messages made by AIHWKit's own converters, shipped with the project's reference data
 * ({@code test-support/src/main/resources/reference/aihwkit-cloud/}, provenance in its README).
 */
final class Golden {

    private Golden() {
    }

    static byte[] bytes(String file) {
        return SharedReference.bytes("reference/aihwkit-cloud/" + file);
    }

    static String text(String file) {
        return new String(bytes(file), StandardCharsets.UTF_8);
    }
}
