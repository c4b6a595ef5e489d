package io.analogcomposer.e2e.pipeline;

import io.analogcomposer.api.ApiApplication;
import io.analogcomposer.testsupport.AmqpNames;
import io.analogcomposer.testsupport.IsolatedDatabase;
import io.analogcomposer.testsupport.RabbitServer;
import io.analogcomposer.testsupport.TestServices;
import io.analogcomposer.validator.ValidatorApplication;
import io.analogcomposer.worker.cpu.CpuWorkerApplication;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The composer's services, each in its own Spring context as in production (API, validator, CPU workers), over
 * the real PostgreSQL and RabbitMQ, isolated by a fresh database and a unique queue-name prefix.
 */
final class Cluster implements AutoCloseable {

    private final IsolatedDatabase database;
    private final RabbitServer broker;
    private final String prefix;
    private final Map<String, Object> common = new HashMap<>();
    private final List<ConfigurableApplicationContext> workers = new ArrayList<>();
    private final List<ConfigurableApplicationContext> extraApis = new ArrayList<>();
    private final List<Process> workerProcesses = new ArrayList<>();
    private ConfigurableApplicationContext api;
    private ConfigurableApplicationContext validator;

    private Cluster() {
        database = TestServices.postgres().createDatabase();
        broker = TestServices.rabbit();
        prefix = broker.newNamePrefix();
        common.put("spring.datasource.url", database.jdbcUrl());
        common.put("spring.datasource.username", database.user());
        common.put("spring.datasource.password", database.password());
        common.put("spring.rabbitmq.host", broker.host());
        common.put("spring.rabbitmq.port", broker.port());
        common.put("spring.rabbitmq.username", broker.user());
        common.put("spring.rabbitmq.password", broker.password());
        common.put("composer.messaging.prefix", prefix);
        // every API replica of the cluster shares the JWT secret, as in production (deploy/README.md)
        common.put("composer.security.jwt-secret", TestServices.JWT_SECRET);
    }

    /** Starts the API (on a random port), the validator and {@code workers} CPU workers. */
    static Cluster start(int workers, Map<String, Object> apiSettings) {
        return start(workers, apiSettings, Map.of());
    }

    /** As {@link #start(int, Map)}, with settings of the validator's own. */
    static Cluster start(int workers, Map<String, Object> apiSettings, Map<String, Object> validatorSettings) {
        Cluster cluster = new Cluster();
        try {
            Map<String, Object> api = new HashMap<>(cluster.common);
            api.put("server.port", 0);
            api.putAll(apiSettings);
            cluster.api = run(new SpringApplicationBuilder(ApiApplication.class), api);
            Map<String, Object> validator = new HashMap<>(cluster.common);
            validator.putAll(validatorSettings);
            cluster.validator = run(new SpringApplicationBuilder(ValidatorApplication.class)
                    .web(WebApplicationType.NONE), validator);
            for (int i = 0; i < workers; i++) {
                cluster.addWorker();
            }
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** Another API replica on the same database and broker; returns its port. */
    int addApi(Map<String, Object> settings) {
        Map<String, Object> api = new HashMap<>(common);
        api.put("server.port", 0);
        api.putAll(settings);
        ConfigurableApplicationContext replica = run(new SpringApplicationBuilder(ApiApplication.class), api);
        extraApis.add(replica);
        return Integer.parseInt(replica.getEnvironment().getProperty("local.server.port"));
    }

    void addWorker() {
        addWorker(Map.of());
    }

    /** A CPU worker with these settings on top of the cluster's (e.g. its dataset directories). */
    void addWorker(Map<String, Object> settings) {
        Map<String, Object> all = new HashMap<>(common);
        all.putAll(settings);
        workers.add(run(new SpringApplicationBuilder(CpuWorkerApplication.class).web(WebApplicationType.NONE), all));
    }

    /**
     * A CPU worker in a JVM of its own (so a test can kill it with SIGKILL, or stop it with SIGTERM as Kubernetes
     * does), on the cluster's broker and prefix, logging to {@code target/worker-<name>.log}.
     */
    Process startWorkerProcess(String name, Map<String, Object> settings) throws java.io.IOException {
        String javaCommand = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(javaCommand, "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                io.analogcomposer.worker.cpu.CpuWorkerApplication.class.getName(),
                "--spring.main.web-application-type=none", "--composer.worker.engine.threads=1",
                "--composer.worker.heartbeat-interval=1s"));
        // the same settings as the in-process workers: this classpath also holds the API, which wants its database
        common.forEach((key, value) -> command.add("--" + key + "=" + value));
        settings.forEach((key, value) -> command.add("--" + key + "=" + value));
        java.nio.file.Path log = java.nio.file.Path.of("target", "worker-" + name + ".log");
        java.nio.file.Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
        workerProcesses.add(process);
        return process;
    }

    /** Kills the worker processes started so far (each test starts its own). */
    void killWorkerProcesses() {
        for (Process process : workerProcesses) {
            process.destroyForcibly();
            try {
                process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        workerProcesses.clear();
    }

    /**
     * A GPU worker (the worker-gpu application) with allow-cpu: its tensor program on DJL's CPU device, as in CI;
     * closing its context stops it.
     */
    ConfigurableApplicationContext addGpuWorker() {
        Map<String, Object> settings = new HashMap<>(common);
        settings.put("composer.worker.gpu.allow-cpu", "true");
        ConfigurableApplicationContext worker = run(new SpringApplicationBuilder(
                io.analogcomposer.worker.gpu.GpuWorkerApplication.class).web(WebApplicationType.NONE), settings);
        workers.add(worker);
        return worker;
    }

    /** A hardware worker programming the chip controller at {@code chipUrl} (an emulated chip in the tests). */
    void addHardwareWorker(String chipUrl) {
        Map<String, Object> settings = new HashMap<>(common);
        settings.put("composer.worker.hardware.chip.url", chipUrl);
        workers.add(run(new SpringApplicationBuilder(
                io.analogcomposer.worker.hardware.HardwareWorkerApplication.class).web(WebApplicationType.NONE),
                settings));
    }

    private static ConfigurableApplicationContext run(SpringApplicationBuilder builder, Map<String, Object> settings) {
        String[] args = settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return builder.registerShutdownHook(false).run(args);
    }

    int apiPort() {
        return Integer.parseInt(api.getEnvironment().getProperty("local.server.port"));
    }

    ConfigurableApplicationContext api() {
        return api;
    }

    @Override
    public void close() {
        List<String> queues = new ArrayList<>();
        List<String> exchanges = new ArrayList<>();
        if (api != null) {
            AmqpNames.collect(api, prefix, queues, exchanges);
        }
        workers.forEach(ConfigurableApplicationContext::close);
        killWorkerProcesses();
        extraApis.forEach(ConfigurableApplicationContext::close);
        if (validator != null) {
            validator.close();
        }
        if (api != null) {
            api.close();
        }
        broker.delete(queues, exchanges);
        database.close();
    }
}
