package io.analogcomposer.e2e.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A lost worker loses no more than the epochs since the run's last save: the API, the validator and real worker
 * processes on the real PostgreSQL and RabbitMQ. One worker is killed with SIGKILL in the middle of a run and the
 * other continues from the saved state; one is stopped with SIGTERM (a Kubernetes scale-down), finishes its epoch,
 * saves and hands the run back.
 */
class ResumeAcrossWorkersTest {

    private static final Duration WAIT = Duration.ofSeconds(240);
    private static final int EPOCHS = 10;
    /** Save after every epoch, so the test sees saves within seconds. */
    private static final Map<String, Object> WORKER = Map.of("composer.worker.checkpoints.min-interval", "0s");

    static Cluster cluster;

    @BeforeAll
    static void start() {
        cluster = Cluster.start(0, Map.of("composer.outbox.poll-interval", "50ms"));
    }

    @org.junit.jupiter.api.AfterEach
    void killWorkers() {
        cluster.killWorkerProcesses();
    }

    /** Waits until the worker started as {@code name} consumes its queue (a JVM start takes a while). */
    private static void awaitConsuming(String name) {
        Path log = Path.of("target", "worker-" + name + ".log");
        ApiClient.await(WAIT, () -> Files.exists(log) && readQuietly(log).contains("Consuming"), b -> b);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static int savedEpochs(String runId) {
        return cluster.api().getBean(JdbcClient.class)
                .sql("SELECT epochs_done FROM run_checkpoint WHERE run_id = :run").param("run", UUID.fromString(runId))
                .query(Integer.class).optional().orElse(0);
    }

    private static String training(int epochs) {
        // about a second an epoch on one core of an idle machine
        return Documents.training(epochs, 4000, 256);
    }

    @Test
    void aRunWhoseWorkerIsKilledContinuesFromItsLastSaveOnAnotherWorker() throws Exception {
        ApiClient user = ApiClient.newUser(cluster);
        Process first = cluster.startWorkerProcess("resume-killed", WORKER);
        awaitConsuming("resume-killed");
        String runId = user.submit(user.createExperiment(training(EPOCHS)));

        int saved = ApiClient.await(WAIT, () -> savedEpochs(runId), n -> n >= 2);
        long killedAt = System.nanoTime();
        first.destroyForcibly();
        assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
        int savedAtKill = savedEpochs(runId);
        int reportedAtKill = user.get("/api/v1/runs/" + runId + "/metrics").get("steps").size();

        cluster.startWorkerProcess("resume-successor", WORKER);
        JsonNode run = user.awaitRun(runId, WAIT, r -> Set.of("completed", "failed").contains(r.get("status")
                .asString()));
        double afterKill = (System.nanoTime() - killedAt) / 1e9;
        assertThat(run.get("status").asString()).as("run %s", run).isEqualTo("completed");
        assertThat(run.get("attempt").asInt()).isEqualTo(2);

        JsonNode result = user.get("/api/v1/runs/" + runId + "/result");
        assertThat(result.get("summary").get("resumed_after_epochs").asInt()).as("continued from the last save")
                .isGreaterThanOrEqualTo(saved).isLessThan(EPOCHS);
        assertThat(result.get("epochs")).hasSize(EPOCHS);
        assertEveryEpochOnce(user, runId, EPOCHS);
        assertThat(savedEpochs(runId)).as("the saved state is dropped when the run ends").isZero();
        System.out.printf("resume after SIGKILL: %d epochs reported and %d saved at the kill, run completed %.1f s"
                + " later%n", reportedAtKill, savedAtKill, afterKill);
    }

    @Test
    void aWorkerStoppedGracefullyFinishesItsEpochSavesAndHandsTheRunBack() throws Exception {
        ApiClient user = ApiClient.newUser(cluster);
        Process stopping = cluster.startWorkerProcess("resume-stopped", WORKER);
        awaitConsuming("resume-stopped");
        String runId = user.submit(user.createExperiment(training(EPOCHS)));
        ApiClient.await(WAIT, () -> user.get("/api/v1/runs/" + runId + "/metrics").get("steps").size(), n -> n >= 1);
        assertThat(user.get("/api/v1/runs/" + runId).get("worker").asString()).as("on the worker to be stopped")
                .contains("/" + stopping.pid() + "/");

        int reportedAtStop = user.get("/api/v1/runs/" + runId + "/metrics").get("steps").size();
        assertThat(user.get("/api/v1/runs/" + runId).get("status").asString()).as("still running at the signal")
                .isEqualTo("running");
        long stoppedAt = System.nanoTime();
        stopping.destroy(); // SIGTERM
        assertThat(stopping.waitFor(60, TimeUnit.SECONDS)).as("stopped within its grace").isTrue();
        double stopSeconds = (System.nanoTime() - stoppedAt) / 1e9;
        // the epoch under way was finished and saved (the API stores the state as it takes it off the broker)
        int savedAtStop = ApiClient.await(Duration.ofSeconds(30), () -> savedEpochs(runId), n -> n >= reportedAtStop);
        // the job went back to the queue: the next worker to start continues it
        cluster.startWorkerProcess("resume-taker", WORKER);

        JsonNode run = user.awaitRun(runId, WAIT, r -> Set.of("completed", "failed").contains(r.get("status")
                .asString()));
        assertThat(run.get("status").asString()).as("run %s", run).isEqualTo("completed");
        assertThat(run.get("attempt").asInt()).isEqualTo(2);
        JsonNode result = user.get("/api/v1/runs/" + runId + "/result");
        assertThat(result.get("summary").get("resumed_after_epochs").asInt()).isGreaterThanOrEqualTo(savedAtStop);
        assertThat(result.get("epochs")).hasSize(EPOCHS);
        assertEveryEpochOnce(user, runId, EPOCHS);
        System.out.printf("hand-back on SIGTERM: %d epochs reported at the signal, %d saved, worker stopped in %.1f s"
                + "%n", reportedAtStop, savedAtStop, stopSeconds);
    }

    private static void assertEveryEpochOnce(ApiClient user, String runId, int expected) {
        JsonNode steps = user.get("/api/v1/runs/" + runId + "/metrics").get("steps");
        Set<Integer> epochs = new HashSet<>();
        for (JsonNode step : steps) {
            assertThat(epochs.add(step.get("step").asInt())).as("epoch %s once", step.get("step")).isTrue();
        }
        assertThat(epochs).hasSize(expected);
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
