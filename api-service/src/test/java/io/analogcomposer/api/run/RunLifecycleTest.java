package io.analogcomposer.api.run;

import static io.analogcomposer.api.ApiTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.api.ApiTestSupport;
import io.analogcomposer.api.ApiTestSupport.Client;
import io.analogcomposer.api.account.UserAccountRepository;
import io.analogcomposer.messaging.Topology;
import io.analogcomposer.messaging.dispatch.DispatchTimes;
import io.analogcomposer.spec.messages.RunMessage;
import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.experiment.ExperimentKind;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.CancelRun;
import io.analogcomposer.spec.messages.RunCancelled;
import io.analogcomposer.spec.messages.RunCompleted;
import io.analogcomposer.spec.messages.RunEvent;
import io.analogcomposer.spec.messages.RunProgress;
import io.analogcomposer.spec.messages.RunRejected;
import io.analogcomposer.spec.messages.RunRequested;
import io.analogcomposer.spec.messages.RunResult;
import io.analogcomposer.spec.messages.RunStarted;
import io.analogcomposer.spec.messages.RunValidated;
import io.analogcomposer.spec.validation.Issue;
import io.analogcomposer.testsupport.IsolatedServicesInitializer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;

/**
 * The API's side of a run's life over the real broker and database. This test plays the validator and the
 * worker by publishing their events, exactly as they are written on the wire.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "composer.outbox.poll-interval=50ms")
@AutoConfigureTestRestTemplate
@ContextConfiguration(initializers = IsolatedServicesInitializer.class)
class RunLifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Autowired
    TestRestTemplate http;
    @Autowired
    UserAccountRepository accounts;
    @Autowired
    PasswordEncoder encoder;
    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    Topology topology;
    @LocalServerPort
    int port;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    Client alice;

    @BeforeEach
    void signIn() {
        alice = ApiTestSupport.signUp(http, accounts, encoder);
    }

    private String createExperiment(Client client) {
        return client.json(HttpMethod.POST, "/api/v1/experiments", Map.of("template", "3fc-training"), 201)
                .get("id").asString();
    }

    private String submit(Client client, String experimentId) {
        JsonNode run = client.json(HttpMethod.POST, "/api/v1/experiments/" + experimentId + "/runs", Map.of(), 202);
        assertThat(run.get("status").asString()).isEqualTo("waiting");
        return run.get("id").asString();
    }

    private String status(Client client, String runId) {
        return client.get("/api/v1/runs/" + runId).get("status").asString();
    }

    private String awaitStatus(Client client, String runId, String expected) {
        return await(WAIT, () -> status(client, runId), expected::equals);
    }

    /** Takes the validation job of this run from the validation queue (other runs' jobs are dropped). */
    private RunRequested takeValidationJob(String runId) {
        return await(WAIT, () -> {
            Message m = rabbit.receive(topology.validateQueue(), 200);
            return m == null
                    ? null
                    : SpecJson.read(new String(m.getBody(), StandardCharsets.UTF_8),
                            RunRequested.class);
        }, r -> r != null && r.runId().equals(runId));
    }

    private void publish(RunEvent event) {
        rabbit.send(topology.eventsExchange(), event.routingKey(),
                new Message(SpecJson.write(event).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aRunMovesThroughEveryStateAndItsProgressIsStoredAndStreamed() throws Exception {
        String experimentId = createExperiment(alice);
        String runId = submit(alice, experimentId);
        CompletableFuture<List<String>> stream = follow(runId);
        RunRequested job = takeValidationJob(runId);
        assertThat(job.experimentId()).isEqualTo(experimentId);
        assertThat(job.document().get("kind").asString()).isEqualTo("training");
        awaitStatus(alice, runId, "validating");

        publish(RunValidated.of(job, Backend.CPU, List.of()));
        awaitStatus(alice, runId, "validated");
        publish(RunStarted.of(runId, 1, Backend.CPU, "worker-test"));
        awaitStatus(alice, runId, "running");
        publish(RunProgress.epoch(runId, 1, 0, 2, Map.of("train_loss", 0.9, "accuracy", 0.71)));
        publish(RunProgress.epoch(runId, 1, 1, 2, Map.of("train_loss", 0.5, "accuracy", 0.83)));
        // The test's publishes may use different channels, so the broker does not order them for us: the stream's
        // order is checked below only for what was applied before the completion (the next test covers the other
        // order).
        await(WAIT, () -> alice.get("/api/v1/runs/" + runId + "/metrics"), m -> m.get("steps").size() == 2);
        RunResult result = new RunResult(ExperimentKind.TRAINING,
                List.of(new RunResult.EpochResult(0, Map.of("accuracy", 0.71)),
                        new RunResult.EpochResult(1, Map.of("accuracy", 0.83))),
                List.of(), Map.of("accuracy", 0.83), List.of(), "test", 1.5);
        RunCompleted completed = RunCompleted.of(runId, 1, result);
        publish(completed);
        awaitStatus(alice, runId, "completed");

        JsonNode metrics = alice.get("/api/v1/runs/" + runId + "/metrics");
        assertThat(metrics.get("steps")).hasSize(2);
        assertThat(metrics.get("steps").get(1).get("metrics").get("accuracy").asDouble()).isEqualTo(0.83);
        assertThat(alice.get("/api/v1/runs/" + runId + "/result").get("summary").get("accuracy").asDouble())
                .isEqualTo(0.83);
        assertThat(alice.get("/api/v1/runs/" + runId + "/artifacts").get("artifacts").findValuesAsString("name"))
                .contains("submitted.json", "resolved.json", "result.json");
        assertThat(alice.get("/api/v1/runs/" + runId + "/artifacts/resolved.json").get("kind").asString())
                .isEqualTo("training");
        assertThat(alice.get("/api/v1/experiments/" + experimentId).get("last_run_status").asString())
                .isEqualTo("completed");

        // The browser saw the whole story, in order, and the stream ended with the run.
        List<String> events = stream.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        // (it starts with the status current when it connected: waiting or validating as a rule, validated when the
        // stream's connection was slower than the validation on a loaded machine)
        assertThat(events.getFirst()).containsAnyOf("\"status\":\"waiting\"", "\"status\":\"validating\"",
                "\"status\":\"validated\"");
        // the two progress steps are published on different channels, so they may arrive in either order
        String story = String.join("\n", events);
        assertThat(story).containsSubsequence("\"status\":\"validated\"", "\"status\":\"running\"", "\"step\":0",
                "\"status\":\"completed\"");
        assertThat(story).containsSubsequence("\"status\":\"running\"", "\"step\":1", "\"status\":\"completed\"");

        // A duplicate terminal event and a late failure change nothing.
        publish(completed);
        publish(io.analogcomposer.spec.messages.RunFailed.of(runId, 1, "late", "late"));
        Thread.sleep(500);
        assertThat(status(alice, runId)).isEqualTo("completed");
        assertThat(alice.get("/api/v1/runs/" + runId).get("failure_reason").isNull()).isTrue();
    }

    private io.micrometer.core.instrument.Timer hop(String hop) {
        return meters.get(DispatchHops.TIMER).tag("hop", hop).timer();
    }

    /**
     * The relay stamps the validation request with the run's creation and its own publish; a worker's start that
     * carries them (with the validator's and its own moments, as the services add them) is timed hop by hop, once:
     * the duplicate of the start is not applied and not timed again.
     */
    @Test
    void theDispatchHopsOfAStartedRunAreTimedOnceFromTheMomentsItsStartCarries() throws Exception {
        String runId = submit(alice, createExperiment(alice));
        Message request = await(WAIT, () -> rabbit.receive(topology.validateQueue(), 200),
                m -> m != null && runId.equals(m.getMessageProperties().getHeaders().get(RunMessage.RUN_ID_HEADER)));
        Map<String, Object> headers = request.getMessageProperties().getHeaders();
        long created = ((Number) headers.get(DispatchTimes.CREATED)).longValue();
        long relayed = ((Number) headers.get(DispatchTimes.RELAYED)).longValue();
        assertThat(relayed).as("relayed after the run was created").isGreaterThanOrEqualTo(created);
        RunRequested job = SpecJson.read(new String(request.getBody(), StandardCharsets.UTF_8), RunRequested.class);
        awaitStatus(alice, runId, "validating");
        publish(RunValidated.of(job, Backend.CPU, List.of()));
        awaitStatus(alice, runId, "validated");

        Map<String, Long> before = new java.util.HashMap<>();
        for (String hop : List.of("relay", "validator", "queue", "worker_start", "total")) {
            before.put(hop, hop(hop).count());
        }
        double queueBefore = hop("queue").totalTime(java.util.concurrent.TimeUnit.MICROSECONDS);
        double startBefore = hop("worker_start").totalTime(java.util.concurrent.TimeUnit.MICROSECONDS);
        RunStarted started = RunStarted.of(runId, 1, Backend.CPU, "worker-test");
        long startedAt = DispatchTimes.micros(started.timestamp());
        Message message = new Message(SpecJson.write(started).getBytes(StandardCharsets.UTF_8));
        DispatchTimes.copy(request.getMessageProperties(), message.getMessageProperties());
        message.getMessageProperties().setHeader(DispatchTimes.VALIDATED, startedAt - 5_000);
        message.getMessageProperties().setHeader(DispatchTimes.RECEIVED, startedAt - 2_000);
        message.getMessageProperties().setHeader(DispatchTimes.STARTED, startedAt);
        rabbit.send(topology.eventsExchange(), started.routingKey(), message);
        awaitStatus(alice, runId, "running");
        await(WAIT, () -> hop("total").count(), n -> n == before.get("total") + 1);
        for (String hop : List.of("relay", "validator", "queue", "worker_start")) {
            assertThat(hop(hop).count()).as("hop %s recorded once", hop).isEqualTo(before.get(hop) + 1);
        }
        assertThat(hop("queue").totalTime(java.util.concurrent.TimeUnit.MICROSECONDS) - queueBefore)
                .isEqualTo(3_000.0);
        assertThat(hop("worker_start").totalTime(java.util.concurrent.TimeUnit.MICROSECONDS) - startBefore)
                .isEqualTo(2_000.0);

        // the same start again (a redelivery) is a duplicate: not applied, not timed
        rabbit.send(topology.eventsExchange(), started.routingKey(), message);
        Thread.sleep(500);
        assertThat(hop("total").count()).isEqualTo(before.get("total") + 1);
    }

    /**
     * After a crash of the standalone composer its broker delivers the running job again from its store, without the
     * redelivered flag: the new worker starts the same attempt, and the run becomes that worker's (a watchdog judges
     * the run by its worker).
     */
    @Test
    void theRunningAttemptStartedByAnotherWorkerBecomesThatWorkers() {
        String runId = submit(alice, createExperiment(alice));
        RunRequested job = takeValidationJob(runId);
        awaitStatus(alice, runId, "validating");
        publish(RunValidated.of(job, Backend.CPU, List.of()));
        awaitStatus(alice, runId, "validated");
        publish(RunStarted.of(runId, 1, Backend.CPU, "worker-before-the-crash"));
        awaitStatus(alice, runId, "running");
        publish(RunStarted.of(runId, 1, Backend.CPU, "worker-after-the-crash"));
        JsonNode run = await(WAIT, () -> alice.get("/api/v1/runs/" + runId),
                r -> r.get("worker").asString().equals("worker-after-the-crash"));
        assertThat(run.get("status").asString()).isEqualTo("running");
        assertThat(run.get("attempt").asInt()).isEqualTo(1);
    }

    /** What a worker starting a later attempt hears when it asks for the run's saved training state. */
    private io.analogcomposer.spec.messages.CheckpointReply askForSavedState(String runId) {
        org.springframework.amqp.rabbit.core.RabbitTemplate asking = new org.springframework.amqp.rabbit.core.RabbitTemplate(
                rabbit.getConnectionFactory());
        asking.setReplyTimeout(5_000);
        org.springframework.amqp.core.MessageProperties props = new org.springframework.amqp.core.MessageProperties();
        props.setContentType("application/json");
        Message reply = asking.sendAndReceive(topology.checkpointsExchange(), Topology.CHECKPOINT_FETCH_KEY,
                new Message(SpecJson.write(new io.analogcomposer.spec.messages.CheckpointRequest(runId))
                        .getBytes(StandardCharsets.UTF_8), props));
        assertThat(reply).as("an API replica answers").isNotNull();
        return SpecJson.read(new String(reply.getBody(), StandardCharsets.UTF_8),
                io.analogcomposer.spec.messages.CheckpointReply.class);
    }

    @Test
    void theLatestSavedTrainingStateIsHandedToALaterAttemptAndDroppedWhenTheRunEnds() {
        String runId = submit(alice, createExperiment(alice));
        RunRequested job = takeValidationJob(runId);
        awaitStatus(alice, runId, "validating");
        publish(RunValidated.of(job, Backend.CPU, List.of()));
        awaitStatus(alice, runId, "validated");
        assertThat(askForSavedState(runId).present()).as("nothing saved yet").isFalse();
        publish(RunStarted.of(runId, 1, Backend.CPU, "worker-killed-later"));
        awaitStatus(alice, runId, "running");

        byte[] afterTwo = "state after two epochs".getBytes(StandardCharsets.UTF_8);
        publish(io.analogcomposer.spec.messages.RunCheckpoint.of(runId, 1, 2, afterTwo));
        var reply = await(WAIT, () -> askForSavedState(runId),
                io.analogcomposer.spec.messages.CheckpointReply::present);
        assertThat(reply.epochsDone()).isEqualTo(2);
        assertThat(reply.content()).isEqualTo(afterTwo);
        // a late copy of an older state never replaces a newer one, and a damaged one is not kept
        publish(io.analogcomposer.spec.messages.RunCheckpoint.of(runId, 1, 1,
                "older".getBytes(StandardCharsets.UTF_8)));
        var damaged = io.analogcomposer.spec.messages.RunCheckpoint.of(runId, 1, 5,
                "five".getBytes(StandardCharsets.UTF_8));
        publish(new io.analogcomposer.spec.messages.RunCheckpoint(damaged.messageVersion(), damaged.eventId(), runId, 1,
                damaged.timestamp(), 5, "tampered".getBytes(StandardCharsets.UTF_8), damaged.sha256()));
        byte[] afterThree = "state after three epochs".getBytes(StandardCharsets.UTF_8);
        publish(io.analogcomposer.spec.messages.RunCheckpoint.of(runId, 1, 3, afterThree));
        reply = await(WAIT, () -> askForSavedState(runId), r -> r.epochsDone() == 3);
        assertThat(reply.content()).isEqualTo(afterThree);
        assertThat(askForSavedState(runId).epochsDone()).isEqualTo(3);

        publish(RunStarted.of(runId, 2, Backend.CPU, "worker-that-continues"));
        RunResult result = new RunResult(ExperimentKind.TRAINING,
                List.of(new RunResult.EpochResult(0, Map.of("accuracy", 0.8))), List.of(),
                Map.of("accuracy", 0.8, "resumed_after_epochs", 3.0), List.of(), "test", 1.0);
        publish(RunCompleted.of(runId, 2, result));
        awaitStatus(alice, runId, "completed");
        assertThat(askForSavedState(runId).present()).as("dropped with the run's end").isFalse();
        publish(io.analogcomposer.spec.messages.RunCheckpoint.of(runId, 2, 4, "late".getBytes(StandardCharsets.UTF_8)));
        // events are applied in order: once this step is stored, the late state before it was handled
        publish(RunProgress.epoch(runId, 2, 0, 1, Map.of("train_loss", 0.4, "accuracy", 0.8)));
        await(WAIT, () -> alice.get("/api/v1/runs/" + runId + "/metrics"), m -> m.get("steps").size() == 1);
        assertThat(askForSavedState(runId).present()).as("nothing kept after the end").isFalse();
    }

    @Test
    void aProgressStepArrivingAfterTheCompletionIsKeptAndTheRunStaysCompleted() {
        String runId = submit(alice, createExperiment(alice));
        RunRequested job = takeValidationJob(runId);
        awaitStatus(alice, runId, "validating");
        publish(RunValidated.of(job, Backend.CPU, List.of()));
        awaitStatus(alice, runId, "validated");
        publish(RunStarted.of(runId, 1, Backend.CPU, "worker-test"));
        awaitStatus(alice, runId, "running");
        RunResult result = new RunResult(ExperimentKind.TRAINING,
                List.of(new RunResult.EpochResult(0, Map.of("accuracy", 0.8))), List.of(), Map.of("accuracy", 0.8),
                List.of(), "test", 1.0);
        publish(RunCompleted.of(runId, 1, result));
        awaitStatus(alice, runId, "completed");

        publish(RunProgress.epoch(runId, 1, 0, 1, Map.of("train_loss", 0.4, "accuracy", 0.8)));
        JsonNode metrics = await(WAIT, () -> alice.get("/api/v1/runs/" + runId + "/metrics"),
                m -> m.get("steps").size() == 1);
        assertThat(metrics.get("steps").get(0).get("metrics").get("accuracy").asDouble()).isEqualTo(0.8);
        assertThat(status(alice, runId)).isEqualTo("completed");
    }
    /**
     * Two API replicas take events from one queue, so a fast run's end can be applied before its validation and its
     * start (seen in the 30-run two-replica test: a run completed with attempt 0 and no start). The late events are
     * still the run's history: its attempt, worker, backend, times and steps are recorded, and it stays completed.
     */
    @Test
    void aRunWhoseEndOvertookItsStartAndValidationStillRecordsThem() {
        String runId = submit(alice, createExperiment(alice));
        RunRequested job = takeValidationJob(runId);
        awaitStatus(alice, runId, "validating");
        RunResult result = new RunResult(ExperimentKind.TRAINING,
                List.of(new RunResult.EpochResult(0, Map.of("accuracy", 0.8))), List.of(), Map.of("accuracy", 0.8),
                List.of(), "test", 1.0);
        publish(RunCompleted.of(runId, 1, result));
        awaitStatus(alice, runId, "completed");

        publish(RunProgress.epoch(runId, 1, 0, 1, Map.of("train_loss", 0.4, "accuracy", 0.8)));
        publish(RunValidated.of(job, Backend.CPU, List.of()));
        publish(RunStarted.of(runId, 1, Backend.CPU, "worker-fast"));
        JsonNode run = await(WAIT, () -> alice.get("/api/v1/runs/" + runId),
                r -> "worker-fast".equals(r.path("worker").asString(null)) && !r.path("validated_at").isNull());
        assertThat(run.get("status").asString()).isEqualTo("completed");
        assertThat(run.get("attempt").asInt()).isEqualTo(1);
        assertThat(run.get("backend").asString()).isEqualTo("cpu");
        assertThat(run.get("started_at").isNull()).isFalse();
        assertThat(alice.get("/api/v1/runs/" + runId + "/metrics").get("steps")).hasSize(1);
    }

    @Test
    void aRejectedRunFailsWithEveryValidationError() {
        String runId = submit(alice, createExperiment(alice));
        RunRequested job = takeValidationJob(runId);
        publish(RunRejected.of(job,
                List.of(new Issue("/training/epochs", "must be at most 1000, was 5000", "1..1000", "out_of_range"),
                        new Issue("/network/layers/2/out_features", "must be positive", ">= 1", "out_of_range")),
                List.of()));
        awaitStatus(alice, runId, "failed");
        JsonNode run = alice.get("/api/v1/runs/" + runId);
        assertThat(run.get("failure_code").asString()).isEqualTo("validation_failed");
        assertThat(run.get("errors").findValuesAsString("pointer")).containsExactly("/training/epochs",
                "/network/layers/2/out_features");
        assertThat(run.get("failure_reason").asString()).contains("2 errors").contains("/training/epochs");
    }

    @Test
    void cancellingAQueuedRunEndsItAtOnceAndBroadcastsTheRequest() {
        RabbitAdmin admin = new RabbitAdmin(rabbit.getConnectionFactory());
        Queue control = new Queue("test-control-" + UUID.randomUUID(), false, true, true);
        admin.declareQueue(control);
        admin.declareBinding(BindingBuilder.bind(control).to(new FanoutExchange(topology.controlExchange())));

        String runId = submit(alice, createExperiment(alice));
        takeValidationJob(runId);
        awaitStatus(alice, runId, "validating");
        JsonNode cancelling = alice.json(HttpMethod.POST, "/api/v1/runs/" + runId + "/cancel", null, 202);
        assertThat(cancelling.get("cancel_requested").asBoolean()).isTrue();
        // no worker started it: it ends now, whatever the validator or a backend queue still holds
        assertThat(cancelling.get("status").asString()).isEqualTo("cancelled");
        CancelRun cancel = await(WAIT, () -> {
            Message m = rabbit.receive(control.getName(), 200);
            return m == null ? null : SpecJson.read(new String(m.getBody(), StandardCharsets.UTF_8), CancelRun.class);
        }, c -> c != null);
        assertThat(cancel.runId()).isEqualTo(runId);

        // the validator's confirmation, when it drops the job, changes nothing
        publish(RunCancelled.of(runId, 1, "cancelled before validation"));
        assertThat(alice.get("/api/v1/runs/" + runId).get("failure_reason").asString())
                .isEqualTo("cancelled by the user before it started");
        ResponseEntityAssert.status(alice.call(HttpMethod.POST, "/api/v1/runs/" + runId + "/cancel", null), 409);
    }

    @Test
    void anotherUsersExperimentsAndRunsDoNotExistForMe() {
        String experimentId = createExperiment(alice);
        String runId = submit(alice, experimentId);
        Client bob = ApiTestSupport.signUp(http, accounts, encoder);
        ResponseEntityAssert.status(bob.call(HttpMethod.GET, "/api/v1/experiments/" + experimentId, null), 404);
        ResponseEntityAssert.status(bob.call(HttpMethod.GET, "/api/v1/runs/" + runId, null), 404);
        ResponseEntityAssert.status(bob.call(HttpMethod.POST, "/api/v1/runs/" + runId + "/cancel", null), 404);
        ResponseEntityAssert.status(
                bob.call(HttpMethod.POST, "/api/v1/experiments/" + experimentId + "/runs", Map.of()), 404);
        assertThat(bob.get("/api/v1/runs").get("items")).isEmpty();
        ResponseEntityAssert.status(http.getForEntity("/api/v1/runs/" + runId, String.class), 401);
    }

    private CompletableFuture<List<String>> follow(String runId) {
        HttpClient client = HttpClient.newHttpClient();
        String auth = Base64.getEncoder().encodeToString((alice.username() + ":pw-" + alice.username())
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/runs/"
                + runId + "/events")).header("Authorization", "Basic " + auth)
                .header("Accept", "text/event-stream").build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()).thenApply(response -> {
            List<String> lines = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.startsWith("data:")) {
                        lines.add(line);
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return lines;
        });
    }

    /** Status assertions that show the body when they fail. */
    static final class ResponseEntityAssert {
        static void status(org.springframework.http.ResponseEntity<String> response, int expected) {
            assertThat(response.getStatusCode().value()).as("body: %s", response.getBody()).isEqualTo(expected);
        }
    }
}
