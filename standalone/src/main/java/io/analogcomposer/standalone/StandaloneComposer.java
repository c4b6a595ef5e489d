package io.analogcomposer.standalone;

import io.analogcomposer.api.ApiApplication;
import io.analogcomposer.validator.ValidatorApplication;
import io.analogcomposer.chip.ChipGeometry;
import io.analogcomposer.chip.emulator.EmulatedChip;
import io.analogcomposer.chip.emulator.EmulatorConfig;
import io.analogcomposer.chip.emulator.PcmPhysics;
import io.analogcomposer.chip.server.ChipHttpServer;
import io.analogcomposer.worker.cpu.CpuWorkerApplication;
import io.analogcomposer.worker.hardware.HardwareWorkerApplication;
import java.io.IOException;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole composer in one JVM: the API (with the web UI), the validator, a CPU worker and a hardware worker
 * programming an emulated Fusion PCM chip (512 × 2048 devices, served on a local port over the real chip protocol,
 * its clock advanced by the worker), over an embedded PostgreSQL and an embedded AMQP broker. Each service runs in
 * its own Spring context with its own settings, exactly as when deployed separately; only the connection settings are
 * shared.
 */
public final class StandaloneComposer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StandaloneComposer.class);
    /** The exit status when the embedded PostgreSQL crashed under the composer (EX_SOFTWARE of sysexits.h). */
    static final int CRASHED_DATABASE_EXIT = 70;
    /** HikariCP's idle time after which it checks a connection before lending it (its default: 500 ms). */
    static final String ALIVE_BYPASS_PROPERTY = "com.zaxxer.hikari.aliveBypassWindowMs";

    private final DataDirectory dataDirectory;
    private final EmbeddedDatabase database;
    private final EmbeddedBroker broker;
    private final DatabaseCrashWatch crashWatch;
    private final List<ConfigurableApplicationContext> services = new ArrayList<>();
    private ConfigurableApplicationContext api;
    private ChipHttpServer chip;
    private boolean closed;

    private StandaloneComposer(DataDirectory dataDirectory, EmbeddedDatabase database, EmbeddedBroker broker,
            DatabaseCrashWatch crashWatch) {
        this.dataDirectory = dataDirectory;
        this.database = database;
        this.broker = broker;
        this.crashWatch = crashWatch;
    }

    public static void main(String[] args) throws Exception {
        StandaloneOptions options;
        try {
            options = StandaloneOptions.from(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("run-standalone: " + e.getMessage());
            System.exit(2);
            return;
        }
        StandaloneComposer composer = start(options);
        // One hook for the whole JVM so the services stop before the database and broker they use (Ctrl-C).
        Runtime.getRuntime().addShutdownHook(new Thread(composer::close, "standalone-shutdown"));
        log.info("Analog Composer is running at http://localhost:{}/ (data in {})", composer.apiPort(),
                options.dataDir());
    }

    /** Starts the infrastructure and every service; the caller closes it. */
    public static StandaloneComposer start(StandaloneOptions options) throws Exception {
        long started = System.nanoTime();
        trustPooledConnections();
        // first the lock: whatever still runs on the data directory after it is an orphan of a dead composer
        DataDirectory dataDirectory = DataDirectory.open(options.dataDir());
        EmbeddedDatabase database;
        try {
            database = EmbeddedDatabase.start(dataDirectory.postgres(), dataDirectory.secret("database-password"));
        } catch (Exception e) {
            dataDirectory.close();
            throw e;
        }
        EmbeddedBroker broker;
        DatabaseCrashWatch crashWatch = null;
        try {
            // watching before the broker holds anything: its store commits asynchronously, so a database that
            // recovers from a crash under a running broker must stop the composer (see DatabaseCrashWatch)
            crashWatch = DatabaseCrashWatch.start(database.jdbcUrl(), database.user(), database.password(),
                    () -> Runtime.getRuntime().halt(CRASHED_DATABASE_EXIT));
            broker = EmbeddedBroker.start(dataDirectory.broker(), freePort(), "composer", UUID.randomUUID().toString(),
                    database.brokerStoreUrl(), database.user(), database.password());
        } catch (Exception e) {
            if (crashWatch != null) {
                crashWatch.close();
            }
            database.close();
            dataDirectory.close();
            throw e;
        }
        StandaloneComposer composer = new StandaloneComposer(dataDirectory, database, broker, crashWatch);
        try {
            composer.startServices(options);
        } catch (Exception e) {
            composer.close();
            throw e;
        }
        log.info("Standalone composer started in {} ms", (System.nanoTime() - started) / 1_000_000);
        return composer;
    }

    /**
     * HikariCP pings a pooled connection before lending it when it has been idle for more than half a second: a
     * round trip to the server, two process wake-ups. A run's way to its worker borrows a connection three times
     * (the outbox relay's pass, the broker's store for the validation request and for the job), each after the
     * idle time between one user's runs, and on a loaded machine each ping cost milliseconds. The embedded server
     * lives and dies with this JVM, on this machine; a crash of it stops the composer at once (DatabaseCrashWatch), so
     * a pooled connection cannot have died unnoticed, and the pools' keep-alive still checks idle ones in the
     * background. Read by each pool when it is made, so set before any is; a value given with {@code -D} wins.
     */
    static void trustPooledConnections() {
        if (System.getProperty(ALIVE_BYPASS_PROPERTY) == null) {
            System.setProperty(ALIVE_BYPASS_PROPERTY, Long.toString(Duration.ofMinutes(10).toMillis()));
        }
    }

    private void startServices(StandaloneOptions options) throws IOException {
        Map<String, Object> shared = new HashMap<>();
        shared.put("spring.datasource.url", database.jdbcUrl());
        shared.put("spring.datasource.username", database.user());
        shared.put("spring.datasource.password", database.password());
        shared.put("spring.rabbitmq.host", "127.0.0.1");
        shared.put("spring.rabbitmq.port", broker.port());
        shared.put("spring.rabbitmq.username", broker.user());
        shared.put("spring.rabbitmq.password", broker.password());
        shared.put("composer.messaging.rabbit-queue-features", false);
        // Datasets the run command installed or downloads wrote (README "Datasets"), for every service: the API's
        // catalogue, the validator's check and the workers' loading all see the same directory.
        String datasets = options.dataDir().resolve("datasets").toString();
        shared.put("composer.datasets.dirs", datasets);
        shared.put("composer.worker.engine.dataset-dirs", datasets);
        // users' uploaded datasets travel with their runs; the worker keeps them unpacked here, by digest
        shared.put("composer.worker.engine.upload-cache-dir",
                options.dataDir().resolve("cache").resolve("uploaded-datasets").toString());
        // the user's own settings (--composer.x=y) outrank the standalone's choices
        shared.putAll(options.settings());

        Map<String, Object> apiProps = new HashMap<>(shared);
        apiProps.put("server.port", options.port());
        apiProps.put("server.address", options.bind());
        apiProps.put("composer.accounts.demo-user", true);
        // the broker stores its messages in this PostgreSQL server, in the same WAL: commits that only record what
        // the broker said need not wait for the disk (BrokerOrderedCommits; README "Standalone durability")
        apiProps.putIfAbsent("composer.database.broker-shares-wal", true);
        // kept in the data directory: JWTs (and the sessions in the database) stay valid across restarts
        apiProps.put("composer.security.jwt-secret", dataDirectory.secret("jwt-secret"));
        api = run(new SpringApplicationBuilder(ApiApplication.class), apiProps);
        run(new SpringApplicationBuilder(ValidatorApplication.class).web(WebApplicationType.NONE), shared);
        run(new SpringApplicationBuilder(CpuWorkerApplication.class).web(WebApplicationType.NONE), shared);

        // hardware_inference runs on an emulated chip (in memory: a restart gives a fresh chip), so the whole
        // hardware path, bring-your-own-conductances included, works on one machine. Its port is open to every
        // local user, so it requires a token, made for this start and known only to this JVM's hardware worker.
        String chipToken = HexFormat.of().formatHex(randomBytes());
        try {
            chip = ChipHttpServer.start(new EmulatedChip(new EmulatorConfig("standalone-emulated-fusion",
                    ChipGeometry.FUSION, 1, null, 0, 4, PcmPhysics.DEFAULT)), "127.0.0.1", 0, chipToken);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot start the emulated PCM chip on a local port", e);
        }
        Map<String, Object> hardwareProps = new HashMap<>(shared);
        hardwareProps.put("composer.worker.hardware.chip.url", "http://127.0.0.1:" + chip.port());
        hardwareProps.put("composer.worker.hardware.chip.token", chipToken);
        run(new SpringApplicationBuilder(HardwareWorkerApplication.class).web(WebApplicationType.NONE),
                hardwareProps);
    }

    /**
     * Runs one service with the given settings as command-line arguments: they must outrank the service's own
     * properties file, which points at a production PostgreSQL and RabbitMQ.
     */
    private ConfigurableApplicationContext run(SpringApplicationBuilder builder, Map<String, Object> settings) {
        String[] args = settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext context = builder.registerShutdownHook(false).run(args);
        services.add(context);
        return context;
    }

    /** The port the API and web UI listen on. */
    public int apiPort() {
        return Integer.parseInt(api.getEnvironment().getProperty("local.server.port"));
    }

    /** The emulated chip's port, for tests that probe it. */
    int chipPort() {
        return chip.port();
    }

    /** The data directory it runs on, for tests that look into it. */
    java.nio.file.Path dataDir() {
        return dataDirectory.root();
    }

    /** The embedded database, for tests that probe it. */
    EmbeddedDatabase database() {
        return database;
    }

    /** The API service's context, for tests that inspect it. */
    public ConfigurableApplicationContext apiContext() {
        return api;
    }

    /** Stops the services in reverse start order, then the broker and the database. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = services.size() - 1; i >= 0; i--) {
            try {
                services.get(i).close();
            } catch (RuntimeException e) {
                log.warn("Stopping a service failed", e);
            }
        }
        services.clear();
        if (chip != null) {
            chip.close();
        }
        try {
            broker.close();
        } catch (RuntimeException e) {
            log.warn("Stopping the embedded broker failed", e);
        }
        crashWatch.close(); // the server is stopped on purpose now
        try {
            database.close();
        } catch (IOException | RuntimeException e) {
            log.warn("Stopping the embedded database failed", e);
        }
        dataDirectory.close();
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
