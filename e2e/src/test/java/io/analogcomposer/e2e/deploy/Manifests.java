package io.analogcomposer.e2e.deploy;

import static io.analogcomposer.e2e.deploy.Kustomize.list;
import static io.analogcomposer.e2e.deploy.Kustomize.map;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The repository's deployment files and the facts about the services they must agree with. */
final class Manifests {

    /** Services built into images by Jib, with their module directories. */
    static final List<String> IMAGES = List.of("api-service", "validator-service", "worker-cpu", "worker-gpu",
            "worker-hardware", "pcm-chip");
    static final List<String> SPRING_SERVICES = List.of("api-service", "validator-service", "worker-cpu",
            "worker-gpu", "worker-hardware");
    static final List<String> WORKERS = List.of("worker-cpu", "worker-gpu", "worker-hardware");

    /** Environment variables Spring Boot itself reads (connection settings) and the port placeholder. */
    private static final Set<String> SPRING_ENV = Set.of("PORT", "SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME",
            "SPRING_DATASOURCE_PASSWORD", "SPRING_RABBITMQ_HOST", "SPRING_RABBITMQ_PORT", "SPRING_RABBITMQ_USERNAME",
            "SPRING_RABBITMQ_PASSWORD");

    private Manifests() {
    }

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.isRegularFile(dir.resolve("docker-compose.yml"))
                && Files.isDirectory(dir.resolve("deploy/k8s")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "no docker-compose.yml with deploy/k8s above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The project version of the root pom (the tag every image is built with). */
    static String projectVersion() {
        Matcher m = Pattern.compile("<artifactId>analog-composer</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(read(root().resolve("pom.xml")));
        if (!m.find()) {
            throw new IllegalStateException("no project version in pom.xml");
        }
        return m.group(1);
    }

    /** {@code server.port=${PORT:8082}} of a service's settings file: its default HTTP port. */
    static int defaultPort(String service) {
        Matcher m = Pattern.compile("server\\.port=\\$\\{PORT:(\\d+)}").matcher(read(settings(service)));
        if (!m.find()) {
            throw new IllegalStateException(service + " has no server.port=${PORT:n}");
        }
        return Integer.parseInt(m.group(1));
    }

    /** {@code composer.worker.backend} of a worker's settings file. */
    static String backend(String worker) {
        Matcher m = Pattern.compile("composer\\.worker\\.backend=(\\w+)").matcher(read(settings(worker)));
        if (!m.find()) {
            throw new IllegalStateException(worker + " sets no composer.worker.backend");
        }
        return m.group(1);
    }

    private static Path settings(String service) {
        return root().resolve(service + "/src/main/resources/" + service + ".properties");
    }

    /**
     * Every environment variable name a service binds: Spring's own connection settings and, for each
     * {@code @ConfigurationProperties} record a service has, each component in both of Spring Boot's environment
     * forms ({@code composer.validator.prefer-gpu} → {@code COMPOSER_VALIDATOR_PREFERGPU} or
     * {@code COMPOSER_VALIDATOR_PREFER_GPU}).
     */
    static Set<String> boundEnvironment(String service) {
        Set<String> names = new HashSet<>(SPRING_ENV);
        List<String> classes = new ArrayList<>(List.of("io.analogcomposer.messaging.MessagingProperties"));
        switch (service) {
            case "api-service" -> classes.addAll(List.of("io.analogcomposer.api.security.SecuritySettings",
                    "io.analogcomposer.api.compat.CompatProperties", "io.analogcomposer.api.account.AccountProperties",
                    "io.analogcomposer.api.outbox.OutboxProperties", "io.analogcomposer.api.dataset.DatasetSettings"));
            case "validator-service" -> classes.addAll(List.of("io.analogcomposer.validator.ValidatorProperties",
                    "io.analogcomposer.validator.DatasetDirs"));
            default -> classes.addAll(List.of("io.analogcomposer.worker.WorkerProperties",
                    "io.analogcomposer.worker.engine.EngineProperties"));
        }
        if (service.equals("worker-gpu")) {
            classes.add("io.analogcomposer.worker.gpu.GpuWorkerProperties");
        }
        // ${NAME:default} placeholders in the service's own properties file are bound too (e.g. PORT, CHIP_URL)
        Path properties = root().resolve(service).resolve("src/main/resources").resolve(service + ".properties");
        if (Files.exists(properties)) {
            Matcher placeholder = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]").matcher(read(properties));
            while (placeholder.find()) {
                names.add(placeholder.group(1));
            }
        }
        for (String className : classes) {
            try {
                Class<?> type = Class.forName(className);
                addRecord(names, type.getAnnotation(ConfigurationProperties.class).value(), type);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(className + " moved: update Manifests.boundEnvironment", e);
            }
        }
        return names;
    }

    private static void addRecord(Set<String> names, String prefix, Class<?> type) {
        for (RecordComponent c : type.getRecordComponents()) {
            String key = prefix + "." + c.getName().replaceAll("([A-Z])", "-$1").toLowerCase();
            names.add(key.replace(".", "_").replace("-", "").toUpperCase());
            names.add(key.replace(".", "_").replace("-", "_").toUpperCase());
            if (c.getType().isRecord()) {
                addRecord(names, key, c.getType());
            }
        }
    }

    static List<Map<String, Object>> containers(Map<String, Object> object) {
        if (!(object.get("spec") instanceof Map<?, ?> spec) || !(spec.get("template") instanceof Map<?, ?> template)) {
            return List.of();
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object c : list(map(map(template).get("spec")).get("containers"))) {
            out.add(map(c));
        }
        return out;
    }

    static Map<String, Object> podSpec(Map<String, Object> deployment) {
        return map(map(map(deployment.get("spec")).get("template")).get("spec"));
    }

    static Map<String, Object> podLabels(Map<String, Object> deployment) {
        return map(map(map(map(deployment.get("spec")).get("template")).get("metadata")).get("labels"));
    }
}
