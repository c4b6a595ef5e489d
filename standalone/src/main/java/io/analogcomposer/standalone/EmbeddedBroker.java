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
 * know RabbitMQ's queue arguments; the topology is declared without them here. Durable queues and persistent
 * messages are stored in the embedded PostgreSQL (Qpid's JDBC store, a database of its own), committed before the
 * publisher's confirm (asynchronously: see {@link EmbeddedDatabase#brokerStoreUrl()} for why that loses nothing):
 * queued jobs, and the job a worker was running, survive a crash of the JVM and are delivered again after the
 * restart.
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

    /**
     * Starts the broker on 127.0.0.1:{@code port}, accepting {@code user}/{@code password}, with its messages in the
     * database at {@code storeUrl}.
     */
    static EmbeddedBroker start(Path workDir, int port, String user, String password, String storeUrl,
            String storeUser, String storePassword) throws Exception {
        Files.createDirectories(workDir);
        EmbeddedBroker broker = new EmbeddedBroker(port, user, password);
        Map<String, Object> attributes = new HashMap<>();
        // the broker's own configuration is rebuilt from the initial file at every start (its credentials change);
        // the virtual host node's queues and messages are what the JDBC store keeps
        attributes.put("type", "Memory");
        attributes.put("initialConfigurationLocation", resource("/qpid-initial-config.json"));
        attributes.put("initialSystemPropertiesLocation", resource("/qpid-system.properties"));
        attributes.put("startupLoggedToSystemOut", false);
        attributes.put("context",
                Map.of("qpid.work_dir", workDir.toString(), "qpid.home_dir", workDir.toString(),
                        "composer.broker.port", Integer.toString(port), "composer.broker.user", user,
                        "composer.broker.password", password, "composer.broker.store.url", storeUrl,
                        "composer.broker.store.user", storeUser, "composer.broker.store.password", storePassword));
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
