package io.analogcomposer.standalone;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.qpid.server.SystemLauncher;

/**
 * An in-process AMQP 0-9-1 broker (Apache Qpid Broker-J) for the standalone mode. It speaks the protocol the
 * RabbitMQ client uses, so the services connect to it exactly as they connect to RabbitMQ, but it does not
 * know RabbitMQ's queue arguments; the topology is declared without them here. Messages are kept in memory:
 * the outbox in PostgreSQL, not the broker, is what makes submitted runs survive a restart.
 */
final class EmbeddedBroker implements AutoCloseable {

    private final SystemLauncher launcher = new SystemLauncher();
    private final int port;
    private final String user;
    private final String password;

    private EmbeddedBroker(int port, String user, String password) {
        this.port = port;
        this.user = user;
        this.password = password;
    }

    static EmbeddedBroker start(Path workDir, int port, String user, String password) throws Exception {
        Files.createDirectories(workDir);
        EmbeddedBroker broker = new EmbeddedBroker(port, user, password);
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("type", "Memory");
        attributes.put("initialConfigurationLocation", resource("/qpid-initial-config.json"));
        attributes.put("initialSystemPropertiesLocation", resource("/qpid-system.properties"));
        attributes.put("startupLoggedToSystemOut", false);
        attributes.put("context",
                Map.of("qpid.work_dir", workDir.toString(), "qpid.home_dir", workDir.toString(),
                        "composer.broker.port", Integer.toString(port), "composer.broker.user", user,
                        "composer.broker.password", password));
        broker.launcher.startup(attributes);
        return broker;
    }

    private static String resource(String name) {
        return Objects.requireNonNull(EmbeddedBroker.class.getResource(name), name).toExternalForm();
    }

    int port() {
        return port;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    @Override
    public void close() {
        launcher.shutdown();
    }
}
