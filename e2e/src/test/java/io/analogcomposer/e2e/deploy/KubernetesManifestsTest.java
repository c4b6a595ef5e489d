package io.analogcomposer.e2e.deploy;

import static io.analogcomposer.e2e.deploy.Kustomize.list;
import static io.analogcomposer.e2e.deploy.Kustomize.map;
import static io.analogcomposer.e2e.deploy.Kustomize.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every object of every kustomization under deploy/k8s keeps the invariants of deploy/README.md, both as this
 * test's kustomize subset renders it and as the real kustomize did ({@code kubectl kustomize}'s output, recorded in
 * {@code src/test/resources/kustomize/}). kubectl is not a test prerequisite (no Maven artifact ships it); instead
 * {@link #theRendererMakesWhatKubectlKustomizeMade} proves on every machine that the recording is the current
 * manifests' real rendering: our renderer must produce exactly the recorded objects.
 */
class KubernetesManifestsTest {

    /** composer.worker.shutdown.grace (30 s) + publish-timeout (30 s), worker-core/README.md. */
    private static final int WORKER_SHUTDOWN_SECONDS = 60;

    record Rendering(String name, List<Map<String, Object>> objects) {
        @Override
        public String toString() {
            return name;
        }

        List<Map<String, Object>> kind(String kind) {
            return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
        }

        Map<String, Object> get(String kind, String name) {
            return kind(kind).stream().filter(o -> name.equals(Kustomize.name(o))).findFirst()
                    .orElseThrow(() -> new AssertionError(this.name + ": no " + kind + "/" + name));
        }

        /** The Deployments of our namespace (not the operators' example infrastructure). */
        List<Map<String, Object>> deployments() {
            return kind("Deployment");
        }
    }

    static Stream<Rendering> renderings() throws Exception {
        Path k8s = Manifests.root().resolve("deploy/k8s");
        List<Rendering> out = new ArrayList<>();
        for (String dir : List.of("base", "overlays/dev", "overlays/prod")) {
            out.add(new Rendering(dir, Kustomize.render(k8s.resolve(dir))));
            out.add(new Rendering(dir + " (kubectl kustomize, recorded)", Kustomize.recorded(dir)));
        }
        return out.stream();
    }

    /**
     * The cross-check with the real kustomize: our renderer's objects for each kustomization are exactly those that
     * {@code kubectl kustomize} (v1.32, kustomize v5.5.0) made, compared object by object (kind, namespace, name).
     * A manifest changed without re-recording, or a kustomize feature our renderer gets wrong, fails here.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void theRendererMakesWhatKubectlKustomizeMade(String dir) {
        Map<String, Map<String, Object>> ours = Kustomize.byIdentity(
                Kustomize.render(Manifests.root().resolve("deploy/k8s").resolve(dir)));
        Map<String, Map<String, Object>> real = Kustomize.byIdentity(Kustomize.recorded(dir));
        assertThat(ours.keySet()).as("%s: the objects; if the manifests changed on purpose, re-record with "
                + "kubectl kustomize deploy/k8s/%s > e2e/src/test/resources/kustomize/%s.yaml", dir, dir,
                Path.of(dir).getFileName()).containsExactlyInAnyOrderElementsOf(real.keySet());
        for (String id : real.keySet()) {
            assertThat(ours.get(id)).as("%s: %s as kubectl kustomize rendered it", dir, id).isEqualTo(real.get(id));
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void everyServiceIsDeployed(Rendering r) {
        Set<String> names = new TreeSet<>(r.deployments().stream().map(Kustomize::name).toList());
        assertThat(names).containsAll(Manifests.SPRING_SERVICES);
        if (r.name().startsWith("overlays/dev")) {
            assertThat(names).contains("pcm-chip");
        }
        assertThat(r.kind("Secret")).as("secrets are created in the cluster, never committed").isEmpty();
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void deploymentsHaveProbesResourcesAndSecurity(Rendering r) {
        for (Map<String, Object> d : r.deployments()) {
            String name = name(d);
            Map<String, Object> pod = Manifests.podSpec(d);
            assertThat(pod.get("automountServiceAccountToken")).as(name).isEqualTo(false);
            Map<String, Object> podSecurity = map(pod.get("securityContext"));
            assertThat(podSecurity.get("runAsNonRoot")).as(name + " runAsNonRoot").isEqualTo(true);
            assertThat(map(podSecurity.get("seccompProfile")).get("type")).as(name).isEqualTo("RuntimeDefault");
            assertThat(Manifests.podLabels(d)).as(name + " pod labels")
                    .containsEntry("app.kubernetes.io/name", name)
                    .containsEntry("app.kubernetes.io/part-of", "analog-composer");
            for (Map<String, Object> c : Manifests.containers(d)) {
                String health = name.equals("pcm-chip") ? "/v1/health" : "/actuator/health/";
                assertThat(probePath(c, "livenessProbe")).as(name + " liveness").startsWith(health);
                assertThat(probePath(c, "readinessProbe")).as(name + " readiness").startsWith(health);
                if (!name.equals("pcm-chip")) {
                    assertThat(probePath(c, "livenessProbe")).isEqualTo("/actuator/health/liveness");
                    assertThat(probePath(c, "readinessProbe")).isEqualTo("/actuator/health/readiness");
                }
                Map<String, Object> resources = map(c.get("resources"));
                for (String bound : List.of("requests", "limits")) {
                    assertThat(map(resources.get(bound))).as(name + " resources." + bound).containsKeys("cpu",
                            "memory");
                }
                Map<String, Object> security = map(c.get("securityContext"));
                assertThat(security.get("allowPrivilegeEscalation")).as(name).isEqualTo(false);
                assertThat(security.get("readOnlyRootFilesystem")).as(name).isEqualTo(true);
                assertThat(list(map(security.get("capabilities")).get("drop"))).as(name).contains("ALL");
                assertThat(list(c.get("volumeMounts"))).as(name + ": a writable /tmp on a read-only root")
                        .anyMatch(m -> "/tmp".equals(map(m).get("mountPath")));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void imagesArePinnedToTheProjectVersion(Rendering r) {
        String version = Manifests.projectVersion();
        for (Map<String, Object> d : r.deployments()) {
            for (Map<String, Object> c : Manifests.containers(d)) {
                assertThat(c.get("image")).as(name(d)).isEqualTo("analog-composer/" + name(d) + ":" + version);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void environmentIsWhatTheServicesReadAndSecretsAreReferenced(Rendering r) {
        for (String service : Manifests.SPRING_SERVICES) {
            Map<String, Object> c = Manifests.containers(r.get("Deployment", service)).getFirst();
            List<Map<String, Object>> env = list(c.get("env")).stream().map(Kustomize::map).toList();
            Set<String> names = new TreeSet<>(env.stream().map(e -> (String) e.get("name")).toList());
            assertThat(Manifests.boundEnvironment(service)).as(service + " binds every variable it is given")
                    .containsAll(names);
            assertThat(names).as(service).contains("PORT", "SPRING_RABBITMQ_HOST", "SPRING_RABBITMQ_PORT",
                    "SPRING_RABBITMQ_USERNAME", "SPRING_RABBITMQ_PASSWORD");
            if (service.equals("api-service")) {
                assertThat(names).contains("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME",
                        "SPRING_DATASOURCE_PASSWORD", "COMPOSER_SECURITY_JWT_SECRET", "COMPOSER_COMPAT_URL_SECRET");
            }
            for (Map<String, Object> e : env) {
                String name = (String) e.get("name");
                if (name.matches(".*(PASSWORD|SECRET|USERNAME)$")) {
                    assertThat(e).as(service + " " + name + " from a Secret").doesNotContainKey("value");
                    assertThat(map(e.get("valueFrom"))).as(service + " " + name).containsKey("secretKeyRef");
                }
                if (name.equals("PORT")) {
                    assertThat(e.get("value")).isEqualTo(String.valueOf(Manifests.defaultPort(service)));
                }
            }
            int port = Manifests.defaultPort(service);
            assertThat(list(c.get("ports"))).as(service).anyMatch(p -> Integer.valueOf(port)
                    .equals(map(p).get("containerPort")) && "http".equals(map(p).get("name")));
            Map<String, Object> annotations = map(
                    map(map(map(r.get("Deployment", service).get("spec")).get("template")).get("metadata"))
                            .get("annotations"));
            assertThat(annotations).as(service + " is scraped").containsEntry("prometheus.io/scrape", "true")
                    .containsEntry("prometheus.io/path", "/actuator/prometheus")
                    .containsEntry("prometheus.io/port", String.valueOf(port));
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void workersScaleOnTheirQueuesAndStopGracefully(Rendering r) {
        for (String worker : Manifests.WORKERS) {
            Map<String, Object> d = r.get("Deployment", worker);
            assertThat(map(d.get("spec"))).as(worker + ": KEDA owns replicas").doesNotContainKey("replicas");
            assertThat((Integer) Manifests.podSpec(d).get("terminationGracePeriodSeconds")).as(worker)
                    .isGreaterThan(WORKER_SHUTDOWN_SECONDS);
            Map<String, Object> so = r.get("ScaledObject", worker);
            Map<String, Object> spec = map(so.get("spec"));
            assertThat(map(spec.get("scaleTargetRef")).get("name")).isEqualTo(worker);
            Map<String, Object> trigger = map(list(spec.get("triggers")).getFirst());
            assertThat(trigger.get("type")).isEqualTo("rabbitmq");
            Map<String, Object> metadata = map(trigger.get("metadata"));
            String backend = Manifests.backend(worker);
            assertThat(metadata.get("queueName")).as(worker).isEqualTo("jobs." + backend);
            // The management API counts unacknowledged (running) jobs too; AMQP would scale busy workers away.
            assertThat(metadata.get("protocol")).as(worker).isEqualTo("http");
            assertThat(metadata).as(worker + ": credentials from a TriggerAuthentication").doesNotContainKey("host");
            String auth = (String) map(trigger.get("authenticationRef")).get("name");
            assertThat(r.get("TriggerAuthentication", auth)).isNotNull();
            int min = (Integer) spec.get("minReplicaCount");
            if (backend.equals("cpu")) {
                assertThat(min).as("worker-cpu min").isGreaterThanOrEqualTo(1);
            } else {
                assertThat(min).as(worker + " scales to zero").isZero();
            }
        }
        // worker-gpu runs its tensor program on one CUDA device, on GPU nodes only
        Map<String, Object> gpu = Manifests.podSpec(r.get("Deployment", "worker-gpu"));
        assertThat(map(gpu.get("nodeSelector"))).containsKey("nvidia.com/gpu.present");
        assertThat(gpu).containsKey("tolerations");
        Map<String, Object> gpuResources = map(Manifests.containers(r.get("Deployment", "worker-gpu")).getFirst()
                .get("resources"));
        assertThat(map(gpuResources.get("limits"))).containsEntry("nvidia.com/gpu", 1);
        assertThat(map(gpuResources.get("requests"))).containsEntry("nvidia.com/gpu", 1);
        assertThat(map(r.get("ScaledObject", "worker-hardware").get("spec")).get("maxReplicaCount"))
                .as("one chip, one hardware worker").isEqualTo(1);
        Map<String, Object> api = r.get("HorizontalPodAutoscaler", "api-service");
        assertThat(map(map(api.get("spec")).get("scaleTargetRef")).get("name")).isEqualTo("api-service");
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void everyDeploymentHasADisruptionBudget(Rendering r) {
        for (Map<String, Object> d : r.deployments()) {
            assertThat(r.kind("PodDisruptionBudget")).as(name(d)).anyMatch(pdb -> Manifests.podLabels(d).entrySet()
                    .containsAll(map(map(map(pdb.get("spec")).get("selector")).get("matchLabels")).entrySet()));
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void onlyTheApiIsReachable(Rendering r) {
        List<Map<String, Object>> policies = r.kind("NetworkPolicy");
        assertThat(policies).as("a default deny of both directions").anyMatch(p -> map(map(p.get("spec"))
                .get("podSelector")).isEmpty()
                && list(map(p.get("spec")).get("policyTypes")).containsAll(List.of("Ingress", "Egress"))
                && !map(p.get("spec")).containsKey("ingress") && !map(p.get("spec")).containsKey("egress"));
        for (Map<String, Object> d : r.deployments()) {
            Map<String, Object> labels = Manifests.podLabels(d);
            for (Map<String, Object> p : policies) {
                Map<String, Object> spec = map(p.get("spec"));
                if (!selects(map(spec.get("podSelector")), labels)) {
                    continue;
                }
                for (Object rule : list(spec.get("ingress"))) {
                    for (Object from : list(map(rule).get("from"))) {
                        Map<String, Object> peer = map(from);
                        assertThat(peer).as(name(p) + ": no ipBlock ingress").doesNotContainKey("ipBlock");
                        String namespace = (String) map(map(peer.get("namespaceSelector")).get("matchLabels"))
                                .get("kubernetes.io/metadata.name");
                        boolean fromMonitoring = "monitoring".equals(namespace);
                        boolean fromIngress = "ingress-nginx".equals(namespace);
                        boolean hardwareToChip = name(d).equals("pcm-chip") && "worker-hardware".equals(
                                map(map(peer.get("podSelector")).get("matchLabels")).get("app.kubernetes.io/name"));
                        assertThat(fromMonitoring || hardwareToChip || fromIngress && name(d).equals("api-service"))
                                .as(name(p) + " lets " + peer + " reach " + name(d)).isTrue();
                    }
                }
            }
        }
        Map<String, Object> ingress = r.get("Ingress", "api-service");
        assertThat(list(map(ingress.get("spec")).get("tls"))).as("TLS").isNotEmpty();
        assertThat(r.kind("Service")).as("no Service is exposed outside the cluster").allMatch(s -> {
            Object type = map(s.get("spec")).get("type");
            return type == null || type.equals("ClusterIP");
        });
    }

    private static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        if (!labels.entrySet().containsAll(map(selector.get("matchLabels")).entrySet())) {
            return false;
        }
        for (Object e : list(selector.get("matchExpressions"))) {
            Map<String, Object> expression = map(e);
            if (!"In".equals(expression.get("operator"))
                    || !list(expression.get("values")).contains(labels.get(expression.get("key")))) {
                return false;
            }
        }
        return true;
    }

    private static String probePath(Map<String, Object> container, String probe) {
        return (String) map(map(container.get(probe)).get("httpGet")).get("path");
    }
}
