package io.analogcomposer.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.api.account.UserAccount;
import io.analogcomposer.api.account.UserAccountRepository;
import io.analogcomposer.api.outbox.BrokerOrderedCommits;
import io.analogcomposer.api.security.AccountPrincipal;
import io.analogcomposer.api.security.ApiTokens;
import io.analogcomposer.spec.json.SpecJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;

/**
 * The same run lifecycle as in production, in the one-JVM composer: API → validator → CPU worker → API over the
 * embedded broker (plain queues, no RabbitMQ extensions) and the embedded PostgreSQL.
 */
@ExtendWith(SharedComposer.class)
@Order(1)
class StandaloneRunTest {

    private static final String DOCUMENT = """
            {"schema_version": 1, "kind": "training", "name": "standalone run", "seed": 3,
             "dataset": {"name": "synthetic", "validation_fraction": 0.2, "synthetic_samples": 200},
             "network": {"input_shape": [1, 28, 28], "layers": [
                {"type": "flatten"}, {"type": "linear", "out_features": 16}, {"type": "relu"},
                {"type": "linear", "out_features": 10}, {"type": "log_softmax"}]},
             "training": {"epochs": 2, "batch_size": 16, "loss": "nll", "optimizer": {"type": "sgd", "lr": 0.05}}}
            """;

    private static final List<String> HOPS = List.of("relay", "validator", "queue", "worker_start", "total");

    private final HttpClient http = HttpClient.newHttpClient();

    private JsonNode call(int port, String token, String method, String path, String body, int expected)
            throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(expected);
        return SpecJson.mapper().readTree(response.body());
    }

    @Test
    void aSubmittedRunIsValidatedTrainedAndReportedInsideOneJvm(StandaloneComposer composer) throws Exception {
        var api = composer.apiContext();
        UserAccount account = api.getBean(UserAccountRepository.class).save(new UserAccount("researcher",
                api.getBean(PasswordEncoder.class).encode("researcher-password"), UserAccount.Role.USER));
        String token = api.getBean(ApiTokens.class).create(AccountPrincipal.of(account), "test", null).secret();
        int port = composer.apiPort();

        String experiment = call(port, token, "POST", "/api/v1/experiments", "{\"document\":" + DOCUMENT + "}",
                201).get("id").asString();
        MeterRegistry meters = api.getBean(MeterRegistry.class);
        Map<String, Long> hopsBefore = new HashMap<>();
        for (String hop : HOPS) {
            hopsBefore.put(hop, meters.get("composer.dispatch.hop").tag("hop", hop).timer().count());
        }
        String run = call(port, token, "POST", "/api/v1/experiments/" + experiment + "/runs", "{}", 202)
                .get("id").asString();
        JsonNode state = null;
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline) {
            state = call(port, token, "GET", "/api/v1/runs/" + run, null, 200);
            String status = state.get("status").asString();
            if (status.equals("completed") || status.equals("failed") || status.equals("cancelled")) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(state.get("status").asString()).as("run %s", state).isEqualTo("completed");
        assertThat(state.get("backend").asString()).isEqualTo("cpu");
        assertThat(call(port, token, "GET", "/api/v1/runs/" + run + "/metrics", null, 200).get("steps"))
                .hasSize(2);
        // its way from the API through the validator to the worker was timed, hop by hop, in the API's registry
        for (String hop : HOPS) {
            assertThat(meters.get("composer.dispatch.hop").tag("hop", hop).timer().count()).as("hop %s", hop)
                    .isGreaterThan(hopsBefore.get(hop));
        }
        // and the API applied its events with commits that skip the WAL flush: the broker shares the WAL
        assertThat(api.getBean(BrokerOrderedCommits.class).asynchronous()).isTrue();

        backendsWithoutGpuWorker(port, token);
    }

    /**
     * The standalone runs CPU and hardware workers but no GPU worker: they announce themselves, the gallery's VGG8
     * with backend Automatic runs on the CPU, and a run asked for on the GPU says that no GPU worker runs and is
     * cancelled at once.
     */
    private void backendsWithoutGpuWorker(int port, String token) throws Exception {
        JsonNode backends = await(() -> call(port, token, "GET", "/api/v1/backends", null, 200),
                b -> live(b, "cpu") && live(b, "hardware"));
        assertThat(live(backends, "gpu")).isFalse();

        var vgg8 = (tools.jackson.databind.node.ObjectNode) SpecJson.mapper().readTree(SpecJson.write(
                io.analogcomposer.spec.catalogue.Catalogue.get().template("vgg8-training").orElseThrow().document()));
        // the gallery's network and settings on a small generated dataset, so the test needs no SVHN files
        vgg8.set("dataset", SpecJson.mapper().readTree(
                "{\"name\": \"synthetic\", \"synthetic_samples\": 64, \"validation_fraction\": 0.25}"));
        ((tools.jackson.databind.node.ObjectNode) vgg8.get("training")).put("epochs", 1).put("batch_size", 8);
        String experiment = call(port, token, "POST", "/api/v1/experiments",
                "{\"document\":" + SpecJson.write(vgg8) + "}", 201).get("id").asString();
        String auto = call(port, token, "POST", "/api/v1/experiments/" + experiment + "/runs",
                "{\"backend\": \"auto\"}", 202).get("id").asString();
        JsonNode started = await(() -> call(port, token, "GET", "/api/v1/runs/" + auto, null, 200),
                // the validator's answer can reach the API after the worker's start: wait for its routing too
                r -> !r.get("status").asString().matches("waiting|validating|validated")
                        && r.get("routing").isString());
        assertThat(started.get("status").asString()).as("run %s", started).isIn("running", "completed");
        assertThat(started.get("backend").asString()).isEqualTo("cpu");
        assertThat(started.get("routing").asString()).contains("automatic:").contains("CPU worker");
        if (started.get("status").asString().equals("running")) {
            call(port, token, "POST", "/api/v1/runs/" + auto + "/cancel", null, 202);
            await(() -> call(port, token, "GET", "/api/v1/runs/" + auto, null, 200),
                    r -> r.get("status").asString().matches("cancelled|completed"));
        }

        String gpu = call(port, token, "POST", "/api/v1/experiments/" + experiment + "/runs",
                "{\"backend\": \"gpu\"}", 202).get("id").asString();
        JsonNode queued = await(() -> call(port, token, "GET", "/api/v1/runs/" + gpu, null, 200),
                r -> r.get("status").asString().equals("validated") && r.get("status_detail").isString());
        assertThat(queued.get("status_detail").asString()).startsWith("no worker for gpu is running");
        JsonNode cancelled = call(port, token, "POST", "/api/v1/runs/" + gpu + "/cancel", null, 202);
        assertThat(cancelled.get("status").asString()).isEqualTo("cancelled");
    }

    private static boolean live(JsonNode backends, String name) {
        for (JsonNode b : backends.get("backends")) {
            if (b.get("backend").asString().equals(name)) {
                return b.get("live").asBoolean();
            }
        }
        return false;
    }

    private static JsonNode await(java.util.concurrent.Callable<JsonNode> value,
            java.util.function.Predicate<JsonNode> condition) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        JsonNode last = value.call();
        while (!condition.test(last)) {
            assertThat(System.currentTimeMillis()).as("waiting for %s", last).isLessThan(deadline);
            Thread.sleep(200);
            last = value.call();
        }
        return last;
    }

    @Test
    void aHardwareRunProgramsUploadedConductancesOnTheEmulatedChip(StandaloneComposer composer) throws Exception {
        var api = composer.apiContext();
        UserAccount account = api.getBean(UserAccountRepository.class).save(new UserAccount("lab",
                api.getBean(PasswordEncoder.class).encode("lab-password-123"), UserAccount.Role.USER));
        String token = api.getBean(ApiTokens.class).create(AccountPrincipal.of(account), "test", null).secret();
        int port = composer.apiPort();
        // the composer's LeNet5 file, from the shared reference data beside the repository
        Path csv = io.analogcomposer.testsupport.FusionSample.file();
        HttpResponse<String> uploaded = http.send(HttpRequest
                .newBuilder(URI.create("http://localhost:" + port + "/api/v1/conductance-files?name=lenet5.csv"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofFile(csv)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        String fileId = SpecJson.mapper().readTree(uploaded.body()).get("id").asString();

        var document = (tools.jackson.databind.node.ObjectNode) SpecJson.mapper().readTree(SpecJson.write(
                io.analogcomposer.spec.catalogue.Catalogue.get().template("lenet5-inference").orElseThrow()
                        .document()));
        document.put("kind", "hardware_inference");
        document.set("inference", SpecJson.mapper()
                .readTree("{\"target_conductances\": \"" + fileId + "\", \"t_inference\": [0, 86400]}"));
        String experiment = call(port, token, "POST", "/api/v1/experiments",
                "{\"document\":" + SpecJson.write(document) + "}", 201).get("id").asString();
        String run = call(port, token, "POST", "/api/v1/experiments/" + experiment + "/runs", "{}", 202)
                .get("id").asString();
        JsonNode state = null;
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            state = call(port, token, "GET", "/api/v1/runs/" + run, null, 200);
            String status = state.get("status").asString();
            if (status.equals("completed") || status.equals("failed") || status.equals("cancelled")) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(state.get("status").asString()).as("run %s", state).isEqualTo("completed");
        assertThat(state.get("backend").asString()).isEqualTo("hardware");
        JsonNode hardware = call(port, token, "GET", "/api/v1/runs/" + run + "/result", null, 200)
                .get("hardware");
        assertThat(hardware.get("chip_id").asString()).isEqualTo("standalone-emulated-fusion");
        assertThat(hardware.get("emulated").asBoolean()).isTrue();
        assertThat(hardware.get("devices").asLong()).isEqualTo(80016);
        assertThat(hardware.get("readbacks")).hasSize(2);
    }
}
