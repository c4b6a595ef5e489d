package io.analogcomposer.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The project's reference data (statistics measured with AIHWKit, AIHWKit's golden cloud messages), which ships
 * inside the repository as resources of this module under {@code reference/} (provenance in its README). Tests
 * never read anything outside the checkout.
 */
public final class SharedReference {

    private SharedReference() {
    }

    /**
     * The file {@code relative} (e.g. {@code reference/aihwkit/pcm_noise_stats.json}) as a real file: the resource
     * itself where the classpath has it as a file, otherwise (inside a jar) a copy in a temporary directory.
     */
    public static Path file(String relative) {
        URL url = SharedReference.class.getClassLoader().getResource(relative);
        if (url == null) {
            throw new IllegalStateException("reference file " + relative + " is missing from test-support's "
                    + "resources (test-support/src/main/resources/" + relative + ")");
        }
        try {
            if ("file".equals(url.getProtocol())) {
                return Path.of(url.toURI());
            }
            Path copy = Extracted.DIR.resolve(relative);
            synchronized (SharedReference.class) {
                if (!Files.isRegularFile(copy)) {
                    Files.createDirectories(copy.getParent());
                    try (InputStream in = url.openStream()) {
                        Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
                    }
                    copy.toFile().deleteOnExit();
                }
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read reference file " + relative, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bytes of reference file {@code relative}. */
    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(file(relative));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read reference file " + relative, e);
        }
    }

    /** Where resources inside a jar are copied to, made on first use. */
    private static final class Extracted {
        static final Path DIR = extractionDirectory();
    }

    private static Path extractionDirectory() {
        try {
            Path dir = Files.createTempDirectory("analog-composer-reference");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
