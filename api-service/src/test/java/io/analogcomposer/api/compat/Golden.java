package io.analogcomposer.api.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The golden messages made by AIHWKit's own converters ({@code shared/reference/aihwkit-cloud/}, outside this
 * repository). Found through {@code -Daihwkit.golden.dir}, or by looking for {@code shared/reference/aihwkit-cloud}
 * in the working directory and its parents; a missing directory fails the test with where it looked.
 */
final class Golden {

    private static final Path RELATIVE = Paths.get("shared", "reference", "aihwkit-cloud");

    private Golden() {
    }

    static Path dir() {
        String configured = System.getProperty("aihwkit.golden.dir");
        if (configured != null) {
            Path path = Paths.get(configured);
            if (Files.isDirectory(path)) {
                return path;
            }
            throw new AssertionError("aihwkit.golden.dir=" + configured + " is not a directory");
        }
        Path start = Paths.get("").toAbsolutePath();
        for (Path at = start; at != null; at = at.getParent()) {
            Path candidate = at.resolve(RELATIVE);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("The AIHWKit golden messages were not found: no " + RELATIVE + " in " + start
                + " or any parent directory; set -Daihwkit.golden.dir to their directory");
    }

    static byte[] bytes(String file) {
        Path path = dir().resolve(file);
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read golden file " + path, e);
        }
    }

    static String text(String file) {
        return new String(bytes(file), java.nio.charset.StandardCharsets.UTF_8);
    }
}
