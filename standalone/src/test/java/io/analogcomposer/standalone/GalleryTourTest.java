package io.analogcomposer.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.api.account.UserAccount;
import io.analogcomposer.api.account.UserAccountRepository;
import io.analogcomposer.api.security.AccountPrincipal;
import io.analogcomposer.api.security.ApiTokens;
import io.analogcomposer.spec.catalogue.Catalogue;
import io.analogcomposer.spec.json.SpecJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The acceptance tour of a new user: on a freshly started standalone with its own empty data directory, every
 * template of the gallery is created and run through the REST API, cut down to a smoke size. Each run either
 * completes, or — when its dataset is not installed on this machine — ends before any worker touched it, with a
 * reason that names the dataset and says how to get it. No run is left waiting; a run on a backend without a worker
 * says so and ends at the configured wait.
 */
@org.junit.jupiter.api.extension.ExtendWith(SharedComposer.Stopped.class)
class GalleryTourTest {

    private static final Set<String> TERMINAL = Set.of("completed", "failed", "cancelled", "timed_out");

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();
    private int port;
    private String token;

    @Test
    void everyGalleryTemplateRunsOrSaysBeforeRunningWhatIsMissing() throws Exception {
        // a short no-worker wait (and silence before the API judges which workers live) so that the tour sees a GPU
        // run end as a user would after ten minutes; the workers announce every 10 s and stay live for two of those
        StandaloneOptions options = new StandaloneOptions(dataDir, 0, "127.0.0.1",
                Map.of("composer.runs.no-worker-timeout", "5s", "composer.live-workers.silence", "5s",
                        "composer.runs.watchdog-interval", "2s"));
        try (StandaloneComposer composer = StandaloneComposer.start(options)) {
            var api = composer.apiContext();
            UserAccount account = api.getBean(UserAccountRepository.class).save(new UserAccount("newcomer",
                    api.getBean(PasswordEncoder.class).encode("newcomer-password"), UserAccount.Role.USER));
            token = api.getBean(ApiTokens.class).create(AccountPrincipal.of(account), "tour", null).secret();
            port = composer.apiPort();

            Map<String, JsonNode> datasets = new HashMap<>();
            for (JsonNode d : call("GET", "/api/v1/datasets", null, 200).get("items")) {
                datasets.put(d.get("name").asString(), d);
            }
            JsonNode gallery = call("GET", "/api/v1/templates", null, 200);
            List<String> ids = new ArrayList<>();
            gallery.forEach(t -> ids.add(t.get("id").asString()));
            assertThat(ids).as("the gallery lists the catalogue's templates")
                    .containsExactlyInAnyOrderElementsOf(Catalogue.get().templates().stream().map(t -> t.id())
                            .toList());

            Map<String, String> outcome = new HashMap<>();
            for (String template : ids) {
                outcome.put(template, tour(template, datasets));
            }
            // on this kind of machine Fashion-MNIST is installed (run-standalone and .ci/run install it)
            assertThat(datasets.get("fashion-mnist").get("available").asBoolean()).isTrue();
            assertThat(outcome).as("what each template did").containsEntry("3fc-training", "completed")
                    .containsEntry("lenet5-training", "completed").containsEntry("3fc-inference", "completed")
                    .containsEntry("lenet5-inference", "completed");

            aRunOnABackendWithoutWorkerEndsWithThatReason();
        }
    }

    /** Creates the template's experiment, cuts it to a smoke size, runs it; returns how the run ended. */
    private String tour(String template, Map<String, JsonNode> datasets) throws Exception {
        JsonNode created = call("POST", "/api/v1/experiments", "{\"template\": \"" + template + "\"}", 201);
        String experiment = created.get("id").asString();
        ObjectNode document = (ObjectNode) created.get("document");
        smokeSize(document);
        call("PATCH", "/api/v1/experiments/" + experiment, "{\"document\": " + SpecJson.write(document) + "}", 200);
        String run = call("POST", "/api/v1/experiments/" + experiment + "/runs", "{}", 202).get("id").asString();
        JsonNode state = awaitRun(run, Set.of(), 240_000);
        String dataset = document.get("dataset").get("name").asString();
        JsonNode catalogued = datasets.get(dataset);
        assertThat(catalogued).as("the catalogue lists %s's dataset %s", template, dataset).isNotNull();
        if (catalogued.get("available").asBoolean()) {
            assertThat(state.get("status").asString()).as("%s: %s", template, state).isEqualTo("completed");
            JsonNode result = call("GET", "/api/v1/runs/" + run + "/result", null, 200);
            assertThat(result.toString()).as("%s has a result", template).contains("accuracy");
        } else {
            assertThat(state.get("status").asString()).as("%s: %s", template, state).isEqualTo("failed");
            assertThat(state.get("started_at").isNull()).as("refused before a worker started it: %s", state)
                    .isTrue();
            String why = state.get("errors").toString() + state.get("failure_reason");
            assertThat(why).as("%s says which dataset is missing and how to get it", template)
                    .containsIgnoringCase(catalogued.get("title").asString()).contains("not installed");
        }
        return state.get("status").asString();
    }

    private static void smokeSize(ObjectNode document) {
        ObjectNode dataset = (ObjectNode) document.get("dataset");
        dataset.put("max_train_samples", 256).put("max_test_samples", 128);
        if (document.get("training") instanceof ObjectNode training) {
            training.put("epochs", 1);
        }
        if (document.get("inference") instanceof ObjectNode inference) {
            inference.put("repetitions", 2);
            if (inference.has("t_inference")) {
                inference.set("t_inference", SpecJson.mapper().readTree("[0, 86400]"));
            } else {
                inference.put("n_times", 2);
            }
        }
    }

    /** A run asked for on the GPU, which the standalone does not run, says so and fails at the configured wait. */
    private void aRunOnABackendWithoutWorkerEndsWithThatReason() throws Exception {
        JsonNode created = call("POST", "/api/v1/experiments", "{\"template\": \"3fc-inference\"}", 201);
        String experiment = created.get("id").asString();
        ObjectNode document = (ObjectNode) created.get("document");
        smokeSize(document);
        call("PATCH", "/api/v1/experiments/" + experiment, "{\"document\": " + SpecJson.write(document) + "}", 200);
        String waiting = call("POST", "/api/v1/experiments/" + experiment + "/runs", "{\"backend\": \"gpu\"}", 202)
                .get("id").asString();
        JsonNode queued = awaitRun(waiting, Set.of("validated"), 60_000);
        // the API says so once it has listened for workers for one silence period
        long deadline = System.currentTimeMillis() + 90_000;
        while (!queued.get("status_detail").isString() && System.currentTimeMillis() < deadline) {
            Thread.sleep(250);
            queued = call("GET", "/api/v1/runs/" + waiting, null, 200);
        }
        assertThat(queued.get("status_detail").asString()).as("%s", queued).startsWith("no worker for gpu is running");
        JsonNode ended = awaitRun(waiting, Set.of(), 120_000);
        assertThat(ended.get("status").asString()).as("%s", ended).isEqualTo("failed");
        assertThat(ended.get("failure_reason").asString()).contains("no worker for gpu is running")
                .contains("was not started");
    }

    /** Polls the run until it is terminal (or in one of {@code alsoStopAt}); fails past the deadline. */
    private JsonNode awaitRun(String run, Set<String> alsoStopAt, long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        JsonNode state = call("GET", "/api/v1/runs/" + run, null, 200);
        while (!TERMINAL.contains(state.get("status").asString())
                && !alsoStopAt.contains(state.get("status").asString())) {
            assertThat(System.currentTimeMillis()).as("run %s still %s", run, state).isLessThan(deadline);
            Thread.sleep(250);
            state = call("GET", "/api/v1/runs/" + run, null, 200);
        }
        return state;
    }

    private JsonNode call(String method, String path, String body, int expected) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(expected);
        return SpecJson.mapper().readTree(response.body());
    }
}
