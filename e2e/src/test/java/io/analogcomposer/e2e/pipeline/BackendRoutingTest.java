package io.analogcomposer.e2e.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.messaging.Topology;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Backends that exist and backends that do not, across the real services (API, validator, a CPU worker, later a GPU
 * worker) over the real PostgreSQL and RabbitMQ: workers announce themselves, "automatic" goes only where a worker
 * is, a run asked for a backend without worker says so and fails after the (here shortened) wait, and a queued run is
 * cancelled at once and its job dropped by the worker that finds it later.
 */
class BackendRoutingTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    static Cluster cluster;

    @BeforeAll
    static void start() {
        cluster = Cluster.start(1, Map.of("composer.outbox.poll-interval", "50ms", "composer.runs.watchdog-interval",
                "200ms", "composer.runs.no-worker-timeout", "6s", "composer.live-workers.silence", "5s"));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static JsonNode backend(ApiClient user, String name) {
        for (JsonNode b : user.get("/api/v1/backends").get("backends")) {
            if (b.get("backend").asString().equals(name)) {
                return b;
            }
        }
        throw new AssertionError("no backend " + name);
    }

    private static String submit(ApiClient user, String experiment, String backend) {
        return user.expect(202, "POST", "/api/v1/experiments/" + experiment + "/runs", Map.of("backend", backend))
                .get("id").asString();
    }

    private static boolean ended(JsonNode run) {
        String status = run.get("status").asString();
        return status.equals("completed") || status.equals("failed") || status.equals("cancelled");
    }

    private static int waitingJobs(String key) {
        Topology topology = cluster.api().getBean(Topology.class);
        Properties queue = new RabbitAdmin(cluster.api().getBean(ConnectionFactory.class))
                .getQueueProperties(topology.jobQueue(key));
        return queue == null ? -1 : ((Number) queue.get(RabbitAdmin.QUEUE_MESSAGE_COUNT)).intValue();
    }

    @Test
    void automaticRunsWhereAWorkerIsAndARunForAMissingBackendEndsInsteadOfWaitingForever() {
        ApiClient user = ApiClient.newUser(cluster);
        JsonNode cpu = ApiClient.await(WAIT, () -> backend(user, "cpu"), b -> b.get("live").asBoolean());
        assertThat(cpu.get("workers").asInt()).isEqualTo(1);
        assertThat(cpu.get("devices").get(0).asString()).contains("CPU thread");
        assertThat(backend(user, "gpu").get("live").asBoolean()).isFalse();
        String experiment = user.createExperiment(Documents.training(2, 300, 32));

        // automatic, no GPU worker: on the CPU, and the run says why
        String auto = submit(user, experiment, "auto");
        JsonNode done = user.awaitRun(auto, WAIT, BackendRoutingTest::ended);
        assertThat(done.get("status").asString()).as("run %s", done).isEqualTo("completed");
        assertThat(done.get("backend").asString()).isEqualTo("cpu");
        assertThat(done.get("routing").asString()).contains("no GPU worker is running");

        // explicitly on the GPU, which nobody runs: accepted, says so, then fails with that reason
        String gpu = submit(user, experiment, "gpu");
        JsonNode queued = user.awaitRun(gpu, WAIT, r -> r.get("status").asString().equals("validated")
                && r.get("status_detail").isString());
        assertThat(queued.get("status_detail").asString()).startsWith("no worker for gpu is running");
        JsonNode failed = user.awaitRun(gpu, WAIT, BackendRoutingTest::ended);
        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(failed.get("failure_code").asString()).isEqualTo("no_worker");
        assertThat(failed.get("failure_reason").asString()).startsWith("no worker for gpu is running");

        // a queued GPU run is cancelled at once
        String cancelled = submit(user, experiment, "gpu");
        user.awaitRun(cancelled, WAIT, r -> r.get("status").asString().equals("validated"));
        assertThat(user.expect(202, "POST", "/api/v1/runs/" + cancelled + "/cancel", null).get("status").asString())
                .isEqualTo("cancelled");
        assertThat(waitingJobs("gpu")).as("both jobs still wait in jobs.gpu").isEqualTo(2);

        // a GPU worker appears: it is announced, drops the two jobs of runs that ended, and runs nothing of them
        ConfigurableApplicationContext gpuWorker = cluster.addGpuWorker();
        JsonNode gpuLive = ApiClient.await(WAIT, () -> backend(user, "gpu"), b -> b.get("live").asBoolean());
        assertThat(gpuLive.get("devices").get(0).asString()).contains("GPU worker");
        ApiClient.await(WAIT, () -> waitingJobs("gpu"), n -> n == 0);
        for (String id : new String[]{gpu, cancelled}) {
            JsonNode run = user.get("/api/v1/runs/" + id);
            assertThat(run.get("started_at").isNull()).as("run %s", run).isTrue();
        }
        assertThat(user.get("/api/v1/runs/" + gpu).get("status").asString()).isEqualTo("failed");
        assertThat(user.get("/api/v1/runs/" + cancelled).get("status").asString()).isEqualTo("cancelled");

        // now automatic prefers the live GPU worker for what its tensor program runs (inference on a template) ...
        String inference = user.createExperiment(Documents.templateInference(100));
        String onGpu = submit(user, inference, "auto");
        JsonNode gpuDone = user.awaitRun(onGpu, WAIT, BackendRoutingTest::ended);
        assertThat(gpuDone.get("status").asString()).as("run %s", gpuDone).isEqualTo("completed");
        assertThat(gpuDone.get("backend").asString()).isEqualTo("gpu");
        assertThat(gpuDone.get("routing").asString()).contains("GPU worker is running");
        // ... and for training its tensor program runs (digital here; hardware-aware likewise) ...
        String training = submit(user, experiment, "auto");
        JsonNode trainingDone = user.awaitRun(training, WAIT, BackendRoutingTest::ended);
        assertThat(trainingDone.get("status").asString()).as("run %s", trainingDone).isEqualTo("completed");
        assertThat(trainingDone.get("backend").asString()).isEqualTo("gpu");
        assertThat(trainingDone.get("routing").asString()).contains("GPU worker is running");
        // ... but keeps in-memory pulsed training on the CPU workers, which the GPU workers would refuse
        String inMemory = user.createExperiment(Documents.inMemoryTraining(100));
        String pulsed = submit(user, inMemory, "auto");
        JsonNode pulsedDone = user.awaitRun(pulsed, WAIT, BackendRoutingTest::ended);
        assertThat(pulsedDone.get("status").asString()).as("run %s", pulsedDone).isEqualTo("completed");
        assertThat(pulsedDone.get("backend").asString()).isEqualTo("cpu");
        assertThat(pulsedDone.get("routing").asString()).contains("the GPU workers cannot run this yet");
        // asked for explicitly, a GPU worker refuses it by name instead of running it on the Java engine
        String refused = submit(user, inMemory, "gpu");
        JsonNode refusedDone = user.awaitRun(refused, WAIT, BackendRoutingTest::ended);
        assertThat(refusedDone.get("status").asString()).as("run %s", refusedDone).isEqualTo("failed");
        assertThat(refusedDone.get("failure_code").asString()).isEqualTo("unsupported");
        assertThat(refusedDone.get("failure_reason").asString())
                .contains("in-memory training with compound devices").contains("not on the tensor (GPU) path");

        // a GPU worker that stops says so: the backend has no live worker at once, not after the silence
        gpuWorker.close();
        ApiClient.await(Duration.ofSeconds(10), () -> backend(user, "gpu"), b -> !b.get("live").asBoolean());
    }
}
