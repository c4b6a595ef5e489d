package io.analogcomposer.api.compat;

import io.analogcomposer.testsupport.SharedReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The golden messages made by AIHWKit's own converters ({@code reference/aihwkit-cloud/} of the shared reference
 * data, found by {@link SharedReference}); a missing file fails the test with where it looked.
 */
final class Golden {

    private Golden() {
    }

    static Path file(String name) {
        return SharedReference.file("reference/aihwkit-cloud/" + name);
    }

    static byte[] bytes(String name) {
        Path path = file(name);
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read golden file " + path, e);
        }
    }

    static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }
}
