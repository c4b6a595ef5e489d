package io.analogcomposer.e2e.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.engine.experiment.Checkpoint;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A run's whole life across the real services: API → outbox → validator → CPU worker (the real engine) →
 * events → API, over the real PostgreSQL and RabbitMQ, each service in its own application context.
 */
class RunPipelineTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    static Cluster cluster;

    @BeforeAll
    static void start() {
        cluster = Cluster.start(1, Map.of("composer.outbox.poll-interval", "50ms"));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aValidTrainingRunIsValidatedRunOnTheCpuAndReportsEveryEpoch() throws Exception {
        ApiClient user = ApiClient.newUser(cluster);
        String runId = user.submit(user.createExperiment(Documents.training(3, 300, 32)));
        JsonNode run = user.awaitRun(runId, WAIT, r -> r.get("status").asString().equals("completed")
                || r.get("status").asString().equals("failed"));
        assertThat(run.get("status").asString()).as("run %s", run).isEqualTo("completed");
        assertThat(run.get("backend").asString()).isEqualTo("cpu");
        assertThat(run.get("validated_at").isNull()).isFalse();
        assertThat(run.get("started_at").isNull()).isFalse();

        JsonNode steps = user.get("/api/v1/runs/" + runId + "/metrics").get("steps");
        assertThat(steps).hasSize(3);
        for (int epoch = 0; epoch < 3; epoch++) {
            JsonNode step = steps.get(epoch);
            assertThat(step.get("kind").asString()).isEqualTo("epoch");
            assertThat(step.get("step").asInt()).isEqualTo(epoch);
            assertThat(step.get("metrics").has("train_loss")).isTrue();
        }
        JsonNode result = user.get("/api/v1/runs/" + runId + "/result");
        assertThat(result.get("kind").asString()).isEqualTo("training");
        assertThat(result.get("epochs")).hasSize(3);
        assertThat(result.get("simulator_version").asString()).isNotBlank();
        assertThat(user.get("/api/v1/runs/" + runId + "/artifacts/resolved.json").get("seed").asInt())
                .isEqualTo(11);

        // The trained weights come back as a checkpoint the engine loads again, with the listed checksum.
        JsonNode checkpoint = null;
        for (JsonNode artifact : user.get("/api/v1/runs/" + runId + "/artifacts").get("artifacts")) {
            if (artifact.get("name").asString().equals("checkpoint.acck")) {
                checkpoint = artifact;
            }
        }
        assertThat(checkpoint).as("checkpoint listed").isNotNull();
        byte[] bytes = user.download(checkpoint.get("href").asString());
        assertThat(bytes).hasSize(checkpoint.get("size_bytes").asInt());
        assertThat(io.analogcomposer.spec.messages.RunArtifact.sha256(bytes))
                .isEqualTo(checkpoint.get("sha256").asString());
        Path file = Files.createTempFile("downloaded", ".acck");
        try {
            Files.write(file, bytes);
            Checkpoint.Loaded loaded = Checkpoint.load(file);
            assertThat(loaded.model().parameters()).isNotEmpty();
        } finally {
            Files.deleteIfExists(file);
        }
        assertThat(result.get("artifacts").findValuesAsString("name")).contains("checkpoint.acck");
    }

    @Test
    void anInvalidDocumentEndsFailedWithEveryValidationError() {
        ApiClient user = ApiClient.newUser(cluster);
        String runId = user.submit(user.createExperiment(Documents.invalidTraining()));
        JsonNode run = user.awaitRun(runId, WAIT, r -> r.get("status").asString().equals("failed"));
        assertThat(run.get("failure_code").asString()).isEqualTo("validation_failed");
        assertThat(run.get("errors").findValuesAsString("pointer")).contains("/training/epochs",
                "/network/layers/1/out_features");
    }

    @Test
    void aRunningRunIsCancelledAtTheNextBatchAndAQueuedOneNeverStarts() {
        ApiClient user = ApiClient.newUser(cluster);
        String experiment = user.createExperiment(Documents.training(1000, 10_000, 2048)); // ~1 s per epoch: long
        String a = user.submit(experiment);
        String b = user.submit(experiment);
        // One worker: whichever job reaches it first runs, the other waits behind it.
        String running = ApiClient.await(WAIT, () -> {
            for (String id : new String[]{a, b}) {
                if (user.get("/api/v1/runs/" + id).get("status").asString().equals("running")) {
                    return id;
                }
            }
            return null;
        }, id -> id != null);
        String queued = running.equals(a) ? b : a;
        user.expect(202, "POST", "/api/v1/runs/" + queued + "/cancel", null);
        user.expect(202, "POST", "/api/v1/runs/" + running + "/cancel", null);
        JsonNode first = user.awaitRun(running, WAIT, r -> r.get("status").asString().equals("cancelled"));
        JsonNode second = user.awaitRun(queued, WAIT, r -> r.get("status").asString().equals("cancelled"));
        assertThat(first.get("started_at").isNull()).isFalse();
        assertThat(second.get("started_at").isNull()).as("the queued run never started").isTrue();
        MeterRegistry meters = cluster.api().getBean(MeterRegistry.class);
        assertThat(meters.find("composer.runs.finished").tag("status", "cancelled").counter().count())
                .isGreaterThanOrEqualTo(2);
    }
}
