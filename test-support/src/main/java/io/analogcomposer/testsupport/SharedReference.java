package io.analogcomposer.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the project's shared reference data (real AIHWKit statistics, the real Fusion CSV sample), which lives
 * beside the repository: {@code -Danalogcomposer.shared=DIR} or {@code ANALOG_COMPOSER_SHARED} if set, otherwise a
 * {@code shared/} directory next to the repository or any of its parents.
 */
public final class SharedReference {

    private SharedReference() {
    }

    public static Path file(String relative) {
        Path root = root();
        Path file = root.resolve(relative);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("reference file " + file + " is missing from the shared directory " + root);
        }
        return file;
    }

    private static Path root() {
        String configured = System.getProperty("analogcomposer.shared", System.getenv("ANALOG_COMPOSER_SHARED"));
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared");
            if (Files.isDirectory(candidate.resolve("reference"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("cannot find the shared reference directory: looked for shared/reference in "
                + Path.of("").toAbsolutePath() + " and its parents; set -Danalogcomposer.shared=DIR or "
                + "ANALOG_COMPOSER_SHARED");
    }
}
