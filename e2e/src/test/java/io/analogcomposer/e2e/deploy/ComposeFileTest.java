package io.analogcomposer.e2e.deploy;

import static io.analogcomposer.e2e.deploy.Kustomize.list;
import static io.analogcomposer.e2e.deploy.Kustomize.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docker-compose.yml agrees with the services, keeps secrets out and can scale its workers. */
class ComposeFileTest {

    private final String text = Manifests.read(Manifests.root().resolve("docker-compose.yml"));
    private final Map<String, Object> services = map(
            Kustomize.single(Manifests.root().resolve("docker-compose.yml")).get("services"));

    private Map<String, Object> service(String name) {
        assertThat(services).as("compose services").containsKey(name);
        return map(services.get(name));
    }

    @Test
    void everyServiceIsThereWithAHealthCheck() {
        assertThat(services.keySet()).containsExactlyInAnyOrder("postgres", "rabbitmq", "api-service",
                "validator-service", "worker-cpu", "worker-gpu", "worker-hardware", "pcm-chip");
        services.forEach((name, s) -> assertThat(list(map(map(s).get("healthcheck")).get("test")))
                .as(name + " health check").isNotEmpty());
        for (String spring : Manifests.SPRING_SERVICES) {
            int port = Manifests.defaultPort(spring);
            assertThat(list(map(service(spring).get("healthcheck")).get("test")))
                    .as(spring + " health check").contains("http://localhost:" + port + "/actuator/health/readiness");
        }
    }

    @Test
    void imagesAreTheServicesBuiltFromTheProjectVersion() {
        for (String image : Manifests.IMAGES) {
            assertThat(service(image).get("image")).as(image)
                    .isEqualTo("analog-composer/" + image + ":${COMPOSER_VERSION:-" + Manifests.projectVersion() + "}");
        }
    }

    @Test
    void serviceContainersAreHardened() {
        for (String image : Manifests.IMAGES) {
            Map<String, Object> s = service(image);
            assertThat(s.get("read_only")).as(image + " read_only").isEqualTo(true);
            assertThat(list(s.get("cap_drop"))).as(image + " cap_drop").contains("ALL");
            assertThat(list(s.get("security_opt"))).as(image).contains("no-new-privileges:true");
        }
    }

    @Test
    void workersScaleAndStopGracefully() {
        for (String name : services.keySet()) {
            assertThat(map(services.get(name))).as(name + ": a fixed container_name prevents --scale")
                    .doesNotContainKey("container_name");
        }
        for (String worker : Manifests.WORKERS) {
            Map<String, Object> s = service(worker);
            assertThat(s).as(worker + ": published ports collide with --scale").doesNotContainKey("ports");
            // composer.worker.shutdown.grace 30 s + publish-timeout 30 s (worker-core/README.md).
            assertThat(seconds((String) s.get("stop_grace_period"))).as(worker + " stop_grace_period")
                    .isGreaterThan(60);
        }
    }

    @Test
    void gpuAndHardwareProfiles() {
        assertThat(list(service("worker-gpu").get("profiles"))).containsExactly("gpu");
        // worker-gpu runs its tensor program on one reserved CUDA device per container
        Map<String, Object> device = map(list(map(map(map(service("worker-gpu").get("deploy")).get("resources"))
                .get("reservations")).get("devices")).getFirst());
        assertThat(device).containsEntry("driver", "nvidia").containsEntry("count", 1);
        assertThat(list(device.get("capabilities"))).containsExactly("gpu");
        assertThat(list(service("pcm-chip").get("profiles"))).containsExactly("hardware");
        assertThat(list(service("worker-hardware").get("profiles"))).containsExactly("hardware");
        assertThat(list(service("pcm-chip").get("command"))).contains("--host", "0.0.0.0", "--state-file");
        for (String always : List.of("postgres", "rabbitmq", "api-service", "validator-service", "worker-cpu")) {
            assertThat(service(always)).as(always + " runs without a profile").doesNotContainKey("profiles");
        }
    }

    @Test
    void environmentIsWhatTheServicesRead() {
        for (String spring : Manifests.SPRING_SERVICES) {
            Map<String, Object> env = map(service(spring).get("environment"));
            assertThat(Manifests.boundEnvironment(spring)).as(spring + " binds every variable it is given")
                    .containsAll(env.keySet());
            assertThat(env).as(spring).containsKeys("SPRING_RABBITMQ_HOST", "SPRING_RABBITMQ_PORT",
                    "SPRING_RABBITMQ_USERNAME", "SPRING_RABBITMQ_PASSWORD", "PORT");
            assertThat(env.get("PORT")).as(spring + " PORT").isEqualTo(String.valueOf(Manifests.defaultPort(spring)));
        }
        assertThat(map(service("api-service").get("environment"))).containsKeys("SPRING_DATASOURCE_URL",
                "SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD", "COMPOSER_SECURITY_JWT_SECRET",
                "COMPOSER_COMPAT_URL_SECRET");
    }

    @Test
    void secretsComeFromDotEnvAndAreRequired() {
        for (var s : services.entrySet()) {
            map(map(s.getValue()).get("environment")).forEach((name, value) -> {
                if (name.matches(".*(PASSWORD|SECRET|_PASS)$")) {
                    assertThat(String.valueOf(value)).as(s.getKey() + " " + name + " must be ${VAR:?message}")
                            .matches("\\$\\{[A-Z_]+:\\?[^}]+}");
                }
            });
        }
        String example = Manifests.read(Manifests.root().resolve(".env.example"));
        Set<String> variables = new HashSet<>();
        Matcher m = Pattern.compile("\\$\\{([A-Z_]+)").matcher(text);
        while (m.find()) {
            variables.add(m.group(1));
        }
        for (String variable : variables) {
            assertThat(example).as(".env.example documents " + variable).containsPattern("(?m)^#?" + variable + "=");
        }
        assertThat(example).as(".env.example holds no secret values")
                .doesNotContainPattern("(?m)^[A-Z_]*(PASSWORD|SECRET)=\\S");
        assertThat(Manifests.read(Manifests.root().resolve(".gitignore"))).contains("/.env");
    }

    @Test
    void brokerKeepsLongRunningJobs() {
        assertThat(list(service("rabbitmq").get("volumes")))
                .anyMatch(v -> String.valueOf(v).startsWith("./deploy/rabbitmq/rabbitmq.conf:/etc/rabbitmq/conf.d/"));
        assertThat(Manifests.read(Manifests.root().resolve("deploy/rabbitmq/rabbitmq.conf")))
                .containsPattern("(?m)^consumer_timeout = \\d{8,}$");
    }

    private static long seconds(String duration) {
        Matcher m = Pattern.compile("(\\d+)(s|m)").matcher(duration);
        assertThat(m.matches()).as("duration " + duration).isTrue();
        return Long.parseLong(m.group(1)) * (m.group(2).equals("m") ? 60 : 1);
    }
}
