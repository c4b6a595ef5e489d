package io.analogcomposer.standalone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One standalone composer, with the default options on a data directory of its own, for every test of this JVM
 * that asks for a {@link StandaloneComposer} parameter: starting one (embedded PostgreSQL and broker, four Spring
 * contexts) is the larger part of such a test on a CI machine, and the tests that share it need nothing of their
 * own from it (each signs in as a user of its own). It is closed, and its directory deleted, when the test run
 * ends or when a class marked {@link Stopped} begins: tests about starting itself (restarts, crashes) or that need
 * other settings start their own, and two composers are never run side by side. The sharing classes carry
 * {@code @Order(1)} so that they run first, together (junit-platform.properties orders classes by it).
 */
final class SharedComposer implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedComposer.class);

    /** The running composer and its directory; closed by JUnit with the root context's store. */
    private record Running(StandaloneComposer composer, Path dataDir) implements AutoCloseable {

        static Running start() {
            try {
                Path dataDir = Files.createTempDirectory("shared-standalone-");
                return new Running(StandaloneComposer.start(new StandaloneOptions(dataDir, 0)), dataDir);
            } catch (Exception e) {
                throw new IllegalStateException("could not start the shared standalone composer", e);
            }
        }

        @Override
        public void close() throws IOException {
            composer.close();
            try (Stream<Path> paths = Files.walk(dataDir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    /** For a class that starts composers of its own: the shared one is stopped before it begins. */
    static final class Stopped implements BeforeAllCallback {

        @Override
        public void beforeAll(ExtensionContext context) throws IOException {
            Running running = context.getRoot().getStore(NAMESPACE).remove(Running.class, Running.class);
            if (running != null) {
                running.close();
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == StandaloneComposer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(Running.class, key -> Running.start(), Running.class).composer();
    }
}
