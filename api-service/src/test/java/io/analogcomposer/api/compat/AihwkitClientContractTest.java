package io.analogcomposer.api.compat;

import static io.analogcomposer.api.ApiTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.api.account.UserAccount;
import io.analogcomposer.api.account.UserAccountRepository;
import io.analogcomposer.api.compat.proto.inference.InferenceInput;
import io.analogcomposer.api.compat.proto.inference.InferencingOutput;
import io.analogcomposer.api.compat.proto.training.TrainingInput;
import io.analogcomposer.api.compat.proto.training.TrainingOutput;
import io.analogcomposer.api.experiment.ExperimentService;
import io.analogcomposer.api.run.RunService;
import io.analogcomposer.api.security.AccountPrincipal;
import io.analogcomposer.api.security.ApiTokens;
import io.analogcomposer.messaging.Topology;
import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.experiment.ExperimentKind;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.RunCompleted;
import io.analogcomposer.spec.messages.RunEvent;
import io.analogcomposer.spec.messages.RunRequested;
import io.analogcomposer.spec.messages.RunResult;
import io.analogcomposer.spec.messages.RunStarted;
import io.analogcomposer.spec.messages.RunValidated;
import io.analogcomposer.testsupport.IsolatedServicesInitializer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replays, request for request, what AIHWKit's cloud client (1.1.0) sends: {@code api_url} joined to relative
 * paths with a plain {@code "/"}, {@code User-Agent: aihwkit/<version>}, JSON bodies, {@code Authorization:
 * Bearer <jwt>} after login, and the transfer URLs used by a separate plain session without credentials and, on
 * PUT, without a content type. The test plays the validator and the worker on the real broker.
 */
// a small submission budget refills slowly (one per 20 s), so the budget test's refusal cannot be undone by a refill
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "composer.outbox.poll-interval=50ms", "composer.security.submissions-per-minute=3"})
@ContextConfiguration(initializers = IsolatedServicesInitializer.class)
class AihwkitClientContractTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    /** Python's {@code strptime("%Y-%m-%dT%H:%M:%S.%fZ")}: 1 to 6 fraction digits and a literal Z. */
    private static final Pattern CLIENT_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{1,6}Z");
    private static final Set<String> CLIENT_STATUSES = Set.of("waiting", "validating", "validated", "running",
            "completed", "failed", "cancelled");
    private static final Set<String> CLIENT_CATEGORIES = Set.of("train", "trainweb", "inference", "inferenceweb");

    @Autowired
    UserAccountRepository accounts;
    @Autowired
    PasswordEncoder encoder;
    @Autowired
    ApiTokens tokens;
    @Autowired
    ExperimentService experiments;
    @Autowired
    RunService runs;
    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    io.analogcomposer.api.security.RateLimits rateLimits;
    @Autowired
    io.analogcomposer.api.security.SecuritySettings securitySettings;
    @Autowired
    Topology topology;
    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private AccountPrincipal user;
    private String apiToken;

    @BeforeEach
    void anAccountWithAnApiToken() {
        String username = "aihw" + UUID.randomUUID().toString().substring(0, 8);
        UserAccount account = accounts.save(new UserAccount(username, encoder.encode("pw"), UserAccount.Role.USER));
        user = AccountPrincipal.of(account);
        apiToken = tokens.create(user, "aihwkit.conf", null).secret();
    }

    /** What {@code ApiSession} does: one session, the JWT kept after login. */
    private final class ApiSession {
        private final String apiUrl;
        private String jwt;

        ApiSession(String apiUrl) {
            this.apiUrl = apiUrl;
        }

        HttpResponse<String> send(String method, String relative, Object body) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiUrl + "/" + relative))
                    .header("User-Agent", "aihwkit/1.1.0").header("Accept", "*/*")
                    .header("Accept-Encoding", "gzip, deflate");
            if (jwt != null) {
                request.header("Authorization", "Bearer " + jwt);
            }
            if (body != null) {
                request.header("Content-Type", "application/json").method(method,
                        HttpRequest.BodyPublishers.ofString(SpecJson.write(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        /** Any 2xx is success and every reply goes through {@code .json()}, as in the client. */
        JsonNode json(String method, String relative, Object body) throws Exception {
            HttpResponse<String> response = send(method, relative, body);
            assertThat(response.statusCode()).as("%s %s → %s", method, relative, response.body()).isBetween(200,
                    299);
            return SpecJson.mapper().readTree(response.body());
        }

        void login() throws Exception {
            jwt = json("POST", "token/login", Map.of("token", apiToken)).get("jwt").asString();
        }
    }

    /** {@code ObjectStorageSession}: a plain session, no auth header, no custom user agent, raw bytes. */
    private HttpResponse<byte[]> objectStorage(String method, String url, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("User-Agent",
                "python-requests/2.31.0");
        request.method(method, body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private String apiUrl() {
        return "http://localhost:" + port + "/aihw";
    }

    @Test
    void aTrainingExperimentGoesFromCreationToItsParsedOutput() throws Exception {
        ApiSession api = new ApiSession(apiUrl());
        api.login();
        byte[] input = Golden.bytes("training_3fc_capacitor.pb");

        // experiment_create: POST experiments, POST inputs + PUT, POST jobs.
        JsonNode created = api.json("POST", "experiments",
                Map.of("name", "aihwkit cloud experiment (FashionMNIST, 7 layers)", "category", "train"));
        assertExperiment(created);
        assertThat(created.get("category").asString()).isEqualTo("train");
        String experimentId = created.get("id").asString();
        String job = createJob(api, experimentId, input);

        // The created experiment is immediately in the unpaginated list, complete with input and job.
        JsonNode listed = api.json("GET", "experiments/me", null);
        assertThat(listed.isArray()).isTrue();
        listed.forEach(this::assertExperiment);
        JsonNode entry = find(listed, experimentId);
        assertThat(entry.get("input").get("id").isString()).isTrue();
        assertThat(entry.get("job").get("id").asString()).isEqualTo(job);

        // Our side: the uploaded message became the experiment's document and a run of it.
        JsonNode document = SpecJson.mapper()
                .readTree(experiments.get(user.id(), UUID.fromString(experimentId)).document());
        assertThat(document.get("preset").asString()).isEqualTo("CapacitorPreset");
        assertThat(document.get("training").get("batch_size").asInt()).isEqualTo(8);

        Map<String, Double> epoch0 = new LinkedHashMap<>(
                Map.of("accuracy", 0.6125, "train_loss", 1.25, "valid_loss", 0.875, "time_epoch", 3.5));
        Map<String, Double> epoch1 = new LinkedHashMap<>(
                Map.of("accuracy", 0.75, "train_loss", 0.625, "valid_loss", 0.5, "time_epoch", 3.25, "lr", 0.01));
        playValidatorAndWorker(job, new RunResult(ExperimentKind.TRAINING,
                List.of(new RunResult.EpochResult(0, epoch0), new RunResult.EpochResult(1, epoch1)), List.of(),
                Map.of(), List.of(), "test", 7.0));

        // status(): GET jobs/{id} until completed with an output id; then get_result().
        JsonNode done = awaitCompleted(api, job);
        byte[] bytes = download(api, "outputs/" + done.get("output").asString() + "/file");
        TrainingOutput output = TrainingOutput.parseFrom(bytes);
        assertThat(output.getEpochsList()).hasSize(2);
        assertThat(output.getEpochs(0).getEpoch()).isZero();
        Map<String, Float> metrics = new LinkedHashMap<>();
        output.getEpochs(1).getMetricsList().forEach(m -> {
            assertThat(m.getType().name()).isEqualTo("FLOAT");
            metrics.put(m.getName(), m.getF());
        });
        assertThat(metrics).containsExactly(Map.entry("accuracy", 0.75f), Map.entry("train_loss", 0.625f),
                Map.entry("valid_loss", 0.5f), Map.entry("time_epoch", 3.25f), Map.entry("lr", 0.01f));
        assertThat(output.getNetwork()).isEqualTo(TrainingInput.parseFrom(input).getNetwork());

        // get_experiment(): GET experiments/{id}, then the input's download URL gives back the uploaded bytes.
        JsonNode fetched = api.json("GET", "experiments/" + experimentId, null);
        assertThat(fetched.get("job").get("status").asString()).isEqualTo("completed");
        assertThat(fetched.get("job").get("output").isString()).as("output is a bare id").isTrue();
        assertThat(download(api, "inputs/" + fetched.get("input").get("id").asString() + "/file")).isEqualTo(input);
    }

    @Test
    void anInferenceExperimentGoesFromCreationToItsParsedOutput() throws Exception {
        ApiSession api = new ApiSession(apiUrl());
        api.login();
        byte[] input = Golden.bytes("inference_lenet5_pcm.pb");
        JsonNode created = api.json("POST", "experiments",
                Map.of("name", "aihwkit inference cloud experiment (FashionMNIST, 12 layers)", "category",
                        "inference"));
        assertThat(created.get("category").asString()).isEqualTo("inference");
        String experimentId = created.get("id").asString();
        String job = createJob(api, experimentId, input);

        JsonNode document = SpecJson.mapper()
                .readTree(experiments.get(user.id(), UUID.fromString(experimentId)).document());
        assertThat(document.get("inference").get("weight_template").asString()).isEqualTo("hwa-trained-lenet5");
        assertThat(document.get("rpu_config").get("forward").get("out_res").asDouble()).as("AIHWKit: 1/(2^adc - 2)")
                .isEqualTo(1.0 / 510);

        List<RunResult.InferenceResult> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            double t = i == 0 ? 0 : Math.pow(86400, (i - 1) / 8.0);
            results.add(new RunResult.InferenceResult(t, 87.5 - i * 0.25, 0.5, 12.5 + i * 0.25, 0.375 + i / 64.0,
                    0.01));
        }
        playValidatorAndWorker(job,
                new RunResult(ExperimentKind.INFERENCE, List.of(), results, Map.of(), List.of(), "test", 42.5));

        JsonNode done = awaitCompleted(api, job);
        InferencingOutput output = InferencingOutput
                .parseFrom(download(api, "outputs/" + done.get("output").asString() + "/file"));
        assertThat(output.getInferenceRuns().getIsPartial()).isFalse();
        assertThat(output.getInferenceRuns().getInferenceRepeat()).as("the input's inference_repeats")
                .isEqualTo(InferenceInput.parseFrom(input).getInferencing().getInferenceRepeats());
        assertThat(output.getInferenceRuns().getTimeElapsed()).isEqualTo(42.5f);
        assertThat(output.getInferenceRuns().getInferenceResultsList()).hasSize(10);
        for (int i = 0; i < 10; i++) {
            var r = output.getInferenceRuns().getInferenceResults(i);
            assertThat(r.getTInference()).isEqualTo((float) results.get(i).tInference());
            assertThat(r.getAvgAccuracy()).isEqualTo((float) results.get(i).avgAccuracy());
            assertThat(r.getAvgError()).isEqualTo((float) results.get(i).avgError());
            assertThat(r.getAvgLoss()).isEqualTo((float) results.get(i).avgLoss());
        }
    }

    @Test
    void anInputTheComposerCannotRunEndsItsJobFailedWithEveryProblem() throws Exception {
        ApiSession api = new ApiSession(apiUrl());
        api.login();
        TrainingInput.Builder bad = TrainingInput.parseFrom(Golden.bytes("training_3fc_capacitor.pb")).toBuilder();
        bad.getDatasetBuilder().setDatasetId("cifar10");
        bad.getNetworkBuilder().getLayersBuilder(1).getLayerBuilder().getArgumentsBuilder(3)
                .setS(com.google.protobuf.ByteString.copyFromUtf8("EcRamMOPreset"));
        String experimentId = api.json("POST", "experiments", Map.of("name", "bad", "category", "train")).get("id")
                .asString();
        String job = createJob(api, experimentId, bad.build().toByteArray());
        JsonNode status = api.json("GET", "jobs/" + job, null);
        assertThat(status.get("status").asString()).isEqualTo("failed");
        assertThat(status.get("message").asString()).contains("dataset.dataset_id: 'cifar10'")
                .contains("network.layers[1].layer (AnalogLinear).arguments.rpu_config: 'EcRamMOPreset'");
        assertThat(api.json("GET", "experiments/me", null)).anySatisfy(
                e -> assertThat(e.get("job").get("status").asString()).isEqualTo("failed"));
    }

    @Test
    void jobsSubmittedThroughTheClientSpendTheSameSubmissionBudgetAsTheWebApi() throws Exception {
        ApiSession api = new ApiSession(apiUrl());
        api.login();
        String experimentId = api.json("POST", "experiments", Map.of("name", "budget", "category", "train"))
                .get("id").asString();
        String url = api.json("POST", "inputs", Map.of("experiment", experimentId, "device", "cpu")).get("url")
                .asString();
        assertThat(objectStorage("PUT", url, Golden.bytes("training_3fc_capacitor.pb")).statusCode()).isBetween(200,
                299);
        // the web API's submissions of this minute used up the budget
        int perMinute = securitySettings.submissionsPerMinute();
        for (int i = 0; i < perMinute; i++) {
            rateLimits.tryConsume("submit:" + user.id(), perMinute);
        }
        HttpResponse<String> refused = api.send("POST", "jobs", Map.of("device", "cpu", "experiment", experimentId));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(SpecJson.mapper().readTree(refused.body()).get("message").asString())
                .contains("runs in a minute");
        assertThat(runs.list(user.id(), UUID.fromString(experimentId), null, null, 10).items())
                .as("nothing was queued").isEmpty();
    }

    @Test
    void loginRefusesBadTokensWithAMessageAndTheApiNeedsTheJwt() throws Exception {
        ApiSession api = new ApiSession(apiUrl());
        HttpResponse<String> refused = api.send("POST", "token/login", Map.of("token", "aimc_not-a-token"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(SpecJson.mapper().readTree(refused.body()).get("message").asString()).contains("API token");

        HttpResponse<String> anonymous = api.send("GET", "experiments/me", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(SpecJson.mapper().readTree(anonymous.body()).get("message").isString()).isTrue();

        api.jwt = apiToken; // an API token is not a JWT: it is only good for the exchange
        assertThat(api.send("GET", "experiments/me", null).statusCode()).isEqualTo(401);

        api.jwt = null; // a new client session logs in without an Authorization header
        api.login();
        assertThat(api.json("GET", "experiments/me", null).isArray()).isTrue();
    }

    @Test
    void aTrailingSlashInApiUrlStillWorks() throws Exception {
        ApiSession api = new ApiSession(apiUrl() + "/"); // the client then requests /aihw//token/login
        api.login();
        JsonNode created = api.json("POST", "experiments", Map.of("name", "slash", "category", "train"));
        assertThat(api.json("GET", "experiments/" + created.get("id").asString(), null).get("name").asString())
                .isEqualTo("slash");
    }

    @Test
    void transferUrlsAreSignedSingleUseAndTiedToOneObject() throws Exception {
        ApiSession api = new ApiSession(apiUrl());
        api.login();
        String experimentId = api.json("POST", "experiments", Map.of("name", "urls", "category", "train"))
                .get("id").asString();
        String upload = api.json("POST", "inputs", Map.of("experiment", experimentId, "device", "cpu")).get("url")
                .asString();
        byte[] input = Golden.bytes("training_3fc_capacitor.pb");
        String tampered = upload.replaceAll("signature=([0-9a-f])", "signature=" + (upload.contains("signature=0")
                ? "1"
                : "0"));
        assertThat(objectStorage("PUT", tampered, input).statusCode()).isEqualTo(403);
        assertThat(objectStorage("PUT", upload.replaceAll("expires=\\d+", "expires=99999999999"), input)
                .statusCode()).as("a longer expiry breaks the signature").isEqualTo(403);
        assertThat(objectStorage("GET", upload, null).statusCode()).as("an upload URL does not download")
                .isEqualTo(403);
        assertThat(objectStorage("PUT", upload, input).statusCode()).isEqualTo(200);
        assertThat(objectStorage("PUT", upload, input).statusCode()).as("single use").isEqualTo(409);

        // Another user sees none of it.
        UserAccount other = accounts.save(
                new UserAccount("x" + UUID.randomUUID().toString().substring(0, 8), "-", UserAccount.Role.USER));
        String otherToken = tokens.create(AccountPrincipal.of(other), "t", null).secret();
        ApiSession otherApi = new ApiSession(apiUrl());
        otherApi.jwt = otherApi.json("POST", "token/login", Map.of("token", otherToken)).get("jwt").asString();
        assertThat(otherApi.send("GET", "experiments/" + experimentId, null).statusCode()).isEqualTo(404);
        assertThat(otherApi.json("GET", "experiments/me", null)).isEmpty();
    }

    @Test
    void experimentsMadeElsewhereAreListedOnceTheyRanWithTheInputAihwkitWouldHaveSent() throws Exception {
        // the gallery's inference template evaluates at its own times, which the message cannot say
        var ownTimes = experiments.create(user.id(),
                new ExperimentService.NewExperiment("own time grid", null, "lenet5-inference", List.of(), ""));
        runs.submit(user, ownTimes.id(), "cpu");
        ObjectNode composerGrid = (ObjectNode) SpecJson.mapper().readTree(SpecJson.write(
                io.analogcomposer.spec.catalogue.Catalogue.get().template("lenet5-inference").orElseThrow()
                        .document()));
        ObjectNode times = ((ObjectNode) composerGrid.get("inference")).put("inference_time", 3600);
        times.remove("t_inference");
        var inference = experiments.create(user.id(),
                new ExperimentService.NewExperiment("inference in the web UI", composerGrid, null, List.of(), ""));
        var inferenceRun = runs.submit(user, inference.id(), "cpu");
        // the gallery's 3FC template trains on raw pixels, which the message cannot say (AIHWKit's composer
        // normalizes): the same experiment with normalization on is what the client could have sent
        ObjectNode normalized = (ObjectNode) SpecJson.mapper().readTree(SpecJson.write(
                io.analogcomposer.spec.catalogue.Catalogue.get().template("3fc-training").orElseThrow().document()));
        ((ObjectNode) normalized.get("dataset")).remove("normalize");
        var training = experiments.create(user.id(),
                new ExperimentService.NewExperiment("training in the web UI", normalized, null, List.of(), ""));
        runs.submit(user, training.id(), "cpu");
        experiments.create(user.id(),
                new ExperimentService.NewExperiment("never run", null, "3fc-training", List.of(), ""));
        ApiSession api = new ApiSession(apiUrl());
        api.login();
        JsonNode listed = api.json("GET", "experiments/me", null);
        assertThat(listed).extracting(e -> e.get("name").asString()).containsExactly("inference in the web UI",
                "training in the web UI");
        listed.forEach(this::assertExperiment);
        assertThat(listed).allSatisfy(e -> assertThat(e.has("input")).as("get_experiment() needs it").isTrue());

        // get_experiment() on each: the input downloads and is the message of the experiment's category
        JsonNode webInference = listed.get(0);
        assertThat(webInference.get("category").asString()).isEqualTo("inferenceweb");
        assertThat(webInference.get("job").get("id").asString()).isEqualTo(inferenceRun.id().toString());
        assertThat(api.json("GET", "jobs/" + inferenceRun.id(), null).get("status").asString())
                .isIn(CLIENT_STATUSES);
        byte[] inferenceBytes = download(api, "inputs/" + webInference.get("input").get("id").asString() + "/file");
        assertThat(new String(inferenceBytes, StandardCharsets.ISO_8859_1)).as("the client's type test")
                .contains("InferenceRPUConfig");
        InferenceInput inferenceInput = InferenceInput.parseFrom(inferenceBytes);
        assertThat(inferenceInput.getInferencing().getInferenceTime()).isEqualTo(3600);
        assertThat(inferenceInput.getNetwork().getWeightTemplateId()).isEqualTo("ac-hwa-trained-lenet5");

        JsonNode web = listed.get(1);
        assertThat(web.get("category").asString()).isEqualTo("trainweb");
        TrainingInput input = TrainingInput
                .parseFrom(download(api, "inputs/" + web.get("input").get("id").asString() + "/file"));
        assertThat(input.getTraining().getEpochs()).isEqualTo(normalized.get("training").get("epochs").asInt());
        assertThat(input.getNetwork().getLayers(1).getLayer().getArgumentsList())
                .anySatisfy(a -> assertThat(a.getS().toStringUtf8()).isEqualTo("TikiTakaReRamSBPreset"));

        // the one left out is still there by id, without an input
        JsonNode byId = api.json("GET", "experiments/" + ownTimes.id(), null);
        assertThat(byId.has("input")).isFalse();
        assertThat(byId.get("job").get("status").asString()).isIn(CLIENT_STATUSES);
    }

    /** POST inputs, PUT the bytes (no auth, no content type), POST jobs; returns the job id. */
    private String createJob(ApiSession api, String experimentId, byte[] input) throws Exception {
        String url = api.json("POST", "inputs", Map.of("experiment", experimentId, "device", "cpu")).get("url")
                .asString();
        assertThat(url).startsWith("http://localhost:" + port + "/aihw/");
        HttpResponse<byte[]> put = objectStorage("PUT", url, input);
        assertThat(put.statusCode()).as(new String(put.body(), StandardCharsets.UTF_8)).isBetween(200, 299);
        JsonNode job = api.json("POST", "jobs", Map.of("device", "cpu", "experiment", experimentId));
        assertThat(job.get("status").asString()).isIn(CLIENT_STATUSES);
        return job.get("id").asString();
    }

    private byte[] download(ApiSession api, String relative) throws Exception {
        String url = api.json("GET", relative, null).get("url").asString();
        HttpResponse<byte[]> response = objectStorage("GET", url, null);
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private JsonNode awaitCompleted(ApiSession api, String job) {
        return await(WAIT, () -> {
            try {
                JsonNode status = api.json("GET", "jobs/" + job, null);
                assertThat(status.get("status").asString()).isIn(CLIENT_STATUSES);
                return status;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, s -> s.get("status").asString().equals("completed") && s.get("output").isString());
    }

    private void assertExperiment(JsonNode experiment) {
        assertThat(experiment.get("id").isString()).isTrue();
        assertThat(experiment.get("name").isString()).isTrue();
        assertThat(experiment.get("category").asString()).isIn(CLIENT_CATEGORIES);
        assertThat(experiment.get("createdAt").asString()).matches(CLIENT_DATE);
        if (experiment.has("input")) {
            assertThat(experiment.get("input").isObject()).as("input is an object {id}").isTrue();
        }
        if (experiment.has("job")) {
            assertThat(experiment.get("job").get("status").asString()).isIn(CLIENT_STATUSES);
        }
    }

    private static JsonNode find(JsonNode list, String id) {
        for (JsonNode e : list) {
            if (e.get("id").asString().equals(id)) {
                return e;
            }
        }
        throw new AssertionError("experiment " + id + " not in " + list);
    }

    /** The validator accepts the run and a worker completes it, as their events arrive on the broker. */
    private void playValidatorAndWorker(String runId, RunResult result) {
        RunRequested job = await(WAIT, () -> {
            Message m = rabbit.receive(topology.validateQueue(), 200);
            return m == null
                    ? null
                    : SpecJson.read(new String(m.getBody(), StandardCharsets.UTF_8), RunRequested.class);
        }, r -> r != null && r.runId().equals(runId));
        publish(RunValidated.of(job, Backend.CPU, List.of()));
        publish(RunStarted.of(runId, 1, Backend.CPU, "contract-test"));
        publish(RunCompleted.of(runId, 1, result));
    }

    private void publish(RunEvent event) {
        rabbit.send(topology.eventsExchange(), event.routingKey(),
                new Message(SpecJson.write(event).getBytes(StandardCharsets.UTF_8)));
    }
}
