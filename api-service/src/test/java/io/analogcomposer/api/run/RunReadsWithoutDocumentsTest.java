package io.analogcomposer.api.run;

import static io.analogcomposer.api.ApiTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.api.ApiTestSupport;
import io.analogcomposer.api.ApiTestSupport.Client;
import io.analogcomposer.api.account.UserAccountRepository;
import io.analogcomposer.messaging.Topology;
import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.experiment.ExperimentKind;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.RunCompleted;
import io.analogcomposer.spec.messages.RunEvent;
import io.analogcomposer.spec.messages.RunHeartbeat;
import io.analogcomposer.spec.messages.RunProgress;
import io.analogcomposer.spec.messages.RunRequested;
import io.analogcomposer.spec.messages.RunResult;
import io.analogcomposer.spec.messages.RunStarted;
import io.analogcomposer.spec.messages.RunValidated;
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
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;

/**
 * A run's documents and result (up to ~1 MiB each) are read only by the responses that contain them: following a
 * run (status polls, its event stream, lists, metrics), cancelling one, the watchdog's passes and every event a
 * worker sends select none of them, as the SQL the service sends shows.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "composer.outbox.poll-interval=50ms", "composer.runs.watchdog-interval=100ms"})
@AutoConfigureTestRestTemplate
@ContextConfiguration(initializers = IsolatedServicesInitializer.class)
class RunReadsWithoutDocumentsTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Pattern LARGE_COLUMN = Pattern.compile("\\b(submitted_document|resolved_document|result)\\b");
    /** The writes that may name a large column: a new run's row, its resolved document, its result. */
    private static final Pattern ALLOWED_WRITE = Pattern
            .compile("^\\s*(insert into run \\(|update run set (resolved_document|result) = cast\\(\\? as jsonb\\)"
                    + " where id = \\?\\s*$)");

    @TestConfiguration
    static class Recording {
        @Bean
        static SqlRecorder sqlRecorder() {
            return new SqlRecorder();
        }
    }

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
    @Autowired
    SqlRecorder sql;
    @LocalServerPort
    int port;

    @Test
    void followingListingCancellingAndWorkerEventsSelectNoDocumentOrResult() throws Exception {
        Client alice = ApiTestSupport.signUp(http, accounts, encoder);
        String experimentId = alice.json(HttpMethod.POST, "/api/v1/experiments", Map.of("template", "3fc-training"),
                201).get("id").asString();
        String runId = submit(alice, experimentId);
        RunRequested job = takeValidationJob(runId);
        awaitStatus(alice, runId, "validating");
        // the validation reads the submitted document once, to store its resolved form: before the recording
        publish(RunValidated.of(job, Backend.CPU, List.of()));
        awaitStatus(alice, runId, "validated");

        sql.start();
        CompletableFuture<List<String>> stream = follow(alice, runId);
        publish(RunStarted.of(runId, 1, Backend.CPU, "worker-test"));
        awaitStatus(alice, runId, "running");
        publish(RunHeartbeat.of(runId, 1, "worker-test"));
        publish(RunProgress.epoch(runId, 1, 0, 1, Map.of("train_loss", 0.5, "accuracy", 0.8)));
        await(WAIT, () -> alice.get("/api/v1/runs/" + runId + "/metrics"), m -> m.get("steps").size() == 1);
        assertThat(alice.get("/api/v1/runs").get("items").findValuesAsString("id")).contains(runId);
        assertThat(alice.get("/api/v1/experiments/" + experimentId + "/runs").get("items").findValuesAsString("id"))
                .contains(runId);
        // a second run, submitted (quota counts) and cancelled while queued
        String queued = submit(alice, experimentId);
        assertThat(alice.json(HttpMethod.POST, "/api/v1/runs/" + queued + "/cancel", null, 202).get("status")
                .asString()).isEqualTo("cancelled");
        // the running one: the cancel request is recorded and broadcast, then the worker completes it anyway
        assertThat(alice.json(HttpMethod.POST, "/api/v1/runs/" + runId + "/cancel", null, 202)
                .get("cancel_requested").asBoolean()).isTrue();
        publish(RunCompleted.of(runId, 1, new RunResult(ExperimentKind.TRAINING,
                List.of(new RunResult.EpochResult(0, Map.of("accuracy", 0.8))), List.of(), Map.of("accuracy", 0.8),
                List.of(), "test", 1.0)));
        awaitStatus(alice, runId, "completed");
        String story = String.join("\n", stream.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        // (it connected while the run was validated or running: the request is asynchronous)
        assertThat(story).contains("\"status\":\"completed\"");
        Thread.sleep(300); // a few more watchdog passes
        List<String> following = sql.stop();

        assertThat(following).as("the recorder sees the service's statements")
                .anyMatch(s -> lower(s).contains("from run "));
        assertThat(following.stream().filter(s -> LARGE_COLUMN.matcher(lower(s)).find())
                .filter(s -> !ALLOWED_WRITE.matcher(lower(s)).find()).toList())
                .as("statements that read a document or the result while following, listing, cancelling and"
                        + " applying worker events")
                .isEmpty();
        assertThat(following).as("the result is written, on its own, when the run completes")
                .anyMatch(s -> lower(s).startsWith("update run set result"));

        // the responses that contain them still read them, and only them
        sql.start();
        assertThat(alice.get("/api/v1/runs/" + runId + "/result").get("summary").get("accuracy").asDouble())
                .isEqualTo(0.8);
        assertThat(alice.get("/api/v1/runs/" + runId + "/artifacts/submitted.json").get("kind").asString())
                .isEqualTo("training");
        List<String> reading = sql.stop();
        assertThat(reading).anyMatch(s -> lower(s).matches("select result::text from run where id = \\?"));
        assertThat(reading).anyMatch(s -> lower(s).matches("select submitted_document::text from run where id = \\?"));
        assertThat(alice.get("/api/v1/runs/" + runId + "/artifacts").get("artifacts").findValuesAsString("name"))
                .contains("submitted.json", "resolved.json", "result.json");
        assertThat(alice.get("/api/v1/runs/" + runId + "/artifacts/resolved.json").get("kind").asString())
                .isEqualTo("training");
        assertThat(alice.get("/api/v1/runs/" + runId + "/artifacts/result.json").get("summary").get("accuracy")
                .asDouble()).isEqualTo(0.8);
    }

    private static String lower(String sql) {
        return sql.toLowerCase(Locale.ROOT).strip();
    }

    private static String submit(Client client, String experimentId) {
        return client.json(HttpMethod.POST, "/api/v1/experiments/" + experimentId + "/runs", Map.of(), 202)
                .get("id").asString();
    }

    private static void awaitStatus(Client client, String runId, String expected) {
        await(WAIT, () -> client.get("/api/v1/runs/" + runId).get("status").asString(), expected::equals);
    }

    private RunRequested takeValidationJob(String runId) {
        return await(WAIT, () -> {
            Message m = rabbit.receive(topology.validateQueue(), 200);
            return m == null
                    ? null
                    : SpecJson.read(new String(m.getBody(), StandardCharsets.UTF_8), RunRequested.class);
        }, r -> r != null && r.runId().equals(runId));
    }

    private void publish(RunEvent event) {
        rabbit.send(topology.eventsExchange(), event.routingKey(),
                new Message(SpecJson.write(event).getBytes(StandardCharsets.UTF_8)));
    }

    /** The data lines of the run's event stream, until it ends. */
    private CompletableFuture<List<String>> follow(Client client, String runId) {
        String auth = Base64.getEncoder()
                .encodeToString((client.username() + ":pw-" + client.username()).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest
                .newBuilder(URI.create("http://localhost:" + port + "/api/v1/runs/" + runId + "/events"))
                .header("Authorization", "Basic " + auth).header("Accept", "text/event-stream").build();
        return HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .thenApply(response -> {
                    List<String> lines = new ArrayList<>();
                    try (BufferedReader reader = new BufferedReader(
                            new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
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
}
