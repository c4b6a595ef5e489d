package io.analogcomposer.api.backends;

import static io.analogcomposer.api.ApiTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.api.ApiTestSupport;
import io.analogcomposer.api.ApiTestSupport.Client;
import io.analogcomposer.api.account.UserAccountRepository;
import io.analogcomposer.messaging.Topology;
import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.CancelRun;
import io.analogcomposer.spec.messages.RunCancelled;
import io.analogcomposer.spec.messages.RunEvent;
import io.analogcomposer.spec.messages.RunRequested;
import io.analogcomposer.spec.messages.RunStarted;
import io.analogcomposer.spec.messages.RunValidated;
import io.analogcomposer.spec.messages.WorkerAnnouncement;
import io.analogcomposer.testsupport.IsolatedServicesInitializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
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
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;

/**
 * Which backends have a live worker, and what happens to runs queued on one that has none, over the real broker and
 * database. The test plays the workers (their announcements on the events exchange) and the validator (its events),
 * as they are written on the wire; the no-worker wait and the liveness silence are cut to seconds.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "composer.outbox.poll-interval=50ms", "composer.runs.watchdog-interval=200ms",
        "composer.runs.no-worker-timeout=3s", "composer.live-workers.silence=2s"})
@AutoConfigureTestRestTemplate
@ContextConfiguration(initializers = IsolatedServicesInitializer.class)
class BackendsAndQueuedRunsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

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

    Client alice;
    Queue control;
    ScheduledExecutorService announcer;

    @BeforeEach
    void setUp() {
        alice = ApiTestSupport.signUp(http, accounts, encoder);
        RabbitAdmin admin = new RabbitAdmin(rabbit.getConnectionFactory());
        // exclusive (gone with the connection) but not auto-deleted: every receive() consumes and cancels, and an
        // auto-delete queue would vanish at the first cancel
        control = new Queue(topology.controlExchange() + ".test-" + UUID.randomUUID(), false, true, false);
        admin.declareQueue(control);
        admin.declareBinding(BindingBuilder.bind(control).to(new FanoutExchange(topology.controlExchange())));
        announcer = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void tearDown() {
        announcer.shutdownNow();
    }

    private void announce(WorkerAnnouncement announcement) {
        rabbit.send(topology.eventsExchange(), WorkerAnnouncement.ROUTING_KEY,
                new Message(SpecJson.write(announcement).getBytes(StandardCharsets.UTF_8)));
    }

    /** A worker that keeps announcing itself every 300 ms until the test ends. */
    private void keepAnnouncing(String id, Backend backend) {
        announcer.scheduleAtFixedRate(() -> announce(WorkerAnnouncement.of(id, backend, 2, 0,
                "test device", 300, false)), 0, 300, TimeUnit.MILLISECONDS);
    }

    private JsonNode backend(String name) {
        for (JsonNode b : alice.get("/api/v1/backends").get("backends")) {
            if (b.get("backend").asString().equals(name)) {
                return b;
            }
        }
        throw new AssertionError("no backend " + name);
    }

    private void publish(RunEvent event) {
        rabbit.send(topology.eventsExchange(), event.routingKey(),
                new Message(SpecJson.write(event).getBytes(StandardCharsets.UTF_8)));
    }

    private String submit(String backend) {
        String experiment = alice.json(HttpMethod.POST, "/api/v1/experiments", Map.of("template", "3fc-training"), 201)
                .get("id").asString();
        return alice.json(HttpMethod.POST, "/api/v1/experiments/" + experiment + "/runs", Map.of("backend", backend),
                202).get("id").asString();
    }

    /** Plays the validator: takes the run's validation job and reports it queued on {@code backend}. */
    private void validate(String runId, Backend backend, String routing) {
        RunRequested job = await(WAIT, () -> {
            Message m = rabbit.receive(topology.validateQueue(), 200);
            return m == null
                    ? null
                    : SpecJson.read(new String(m.getBody(), StandardCharsets.UTF_8),
                            RunRequested.class);
        }, r -> r != null && r.runId().equals(runId));
        publish(RunValidated.of(job, backend, List.of(), routing));
        await(WAIT, () -> run(runId).get("status").asString(), "validated"::equals);
    }

    private JsonNode run(String runId) {
        return alice.get("/api/v1/runs/" + runId);
    }

    private CancelRun nextCancel(String runId) {
        return await(WAIT, () -> {
            Message m = rabbit.receive(control.getName(), 200);
            return m == null ? null : SpecJson.read(new String(m.getBody(), StandardCharsets.UTF_8), CancelRun.class);
        }, c -> c != null && c.runId().equals(runId));
    }

    /** Another test's worker may still count as live for a moment. */
    private void awaitNoWorker(String name) {
        await(WAIT, () -> backend(name), b -> !b.get("live").asBoolean());
    }

    @Test
    void backendsListTheirLiveWorkersUntilTheyFallSilentOrLeave() {
        awaitNoWorker("gpu");
        awaitNoWorker("cpu");
        assertThat(backend("gpu").get("live").asBoolean()).isFalse();
        assertThat(backend("gpu").get("workers").asInt()).isZero();

        announce(WorkerAnnouncement.of("gpu-host/1/abc", Backend.GPU, 2, 1, "test GPU", 500, false));
        JsonNode gpu = await(WAIT, () -> backend("gpu"), b -> b.get("live").asBoolean());
        assertThat(gpu.get("workers").asInt()).isEqualTo(1);
        assertThat(gpu.get("capacity").asInt()).isEqualTo(2);
        assertThat(gpu.get("busy").asInt()).isEqualTo(1);
        assertThat(gpu.get("devices").get(0).asString()).isEqualTo("test GPU");
        assertThat(gpu.get("kinds").toString()).contains("training");
        assertThat(backend("cpu").get("live").asBoolean()).isFalse();

        // silent for longer than composer.live-workers.silence (2 s): no longer live
        long silentFrom = System.nanoTime();
        await(WAIT, () -> backend("gpu"), b -> !b.get("live").asBoolean());
        assertThat(Duration.ofNanos(System.nanoTime() - silentFrom)).isGreaterThan(Duration.ofMillis(1000));

        // a worker that says it leaves is gone at once
        announce(WorkerAnnouncement.of("cpu-host/2/def", Backend.CPU, 1, 0, "cpu", 10_000, false));
        await(WAIT, () -> backend("cpu"), b -> b.get("live").asBoolean());
        announce(WorkerAnnouncement.of("cpu-host/2/def", Backend.CPU, 1, 0, "cpu", 10_000, true));
        await(Duration.ofSeconds(1), () -> backend("cpu"), b -> !b.get("live").asBoolean());
    }

    @Test
    void theHardwareBackendListsTheChipItsWorkerAnnounces() {
        announce(WorkerAnnouncement.of("lab-host/3/chip", Backend.HARDWARE, 1, 0, "PCM chip", 10_000, false,
                new io.analogcomposer.spec.messages.ChipStatus("fusion-7", "Fusion PCM", "fusion-fw/3.1", false, 1,
                        512, 2048, true, "", java.time.Instant.now())));
        JsonNode hardware = await(WAIT, () -> backend("hardware"), b -> b.get("chips").size() == 1);
        JsonNode chip = hardware.get("chips").get(0);
        assertThat(chip.get("chip_id").asString()).isEqualTo("fusion-7");
        assertThat(chip.get("model").asString()).isEqualTo("Fusion PCM");
        assertThat(chip.get("firmware_version").asString()).isEqualTo("fusion-fw/3.1");
        assertThat(chip.get("tiles").asInt()).isEqualTo(1);
        assertThat(chip.get("word_lines").asInt()).isEqualTo(512);
        assertThat(chip.get("bit_lines").asInt()).isEqualTo(2048);
        assertThat(chip.get("online").asBoolean()).isTrue();
        assertThat(backend("cpu").get("chips")).isEmpty();

        // the chip goes away while its worker stays: offline, with the worker's reason
        announce(WorkerAnnouncement.of("lab-host/3/chip", Backend.HARDWARE, 1, 0, "PCM chip", 10_000, false,
                new io.analogcomposer.spec.messages.ChipStatus("fusion-7", "Fusion PCM", "fusion-fw/3.1", false, 1,
                        512, 2048, false, "the chip does not answer: connection refused", java.time.Instant.now())));
        JsonNode offline = await(WAIT, () -> backend("hardware"),
                b -> !b.get("chips").get(0).get("online").asBoolean());
        assertThat(offline.get("live").asBoolean()).isTrue();
        assertThat(offline.get("chips").get(0).get("detail").asString()).contains("does not answer");
        announce(WorkerAnnouncement.of("lab-host/3/chip", Backend.HARDWARE, 1, 0, "PCM chip", 10_000, true));
        await(WAIT, () -> backend("hardware"), b -> b.get("chips").isEmpty());
    }

    @Test
    void aRunOnABackendWithoutWorkerSaysSoAndFailsAfterTheConfiguredWait() {
        awaitNoWorker("gpu");
        String runId = submit("gpu");
        validate(runId, Backend.GPU, null);
        // (right after the API started it says nothing: it may not have heard from the live workers yet)
        JsonNode queued = await(WAIT, () -> run(runId), r -> r.get("status_detail").isString());
        assertThat(queued.get("status_detail").asString()).startsWith("no worker for gpu is running")
                .contains("the run fails at");
        assertThat(queued.get("backend").asString()).isEqualTo("gpu");

        JsonNode failed = await(WAIT, () -> run(runId), r -> r.get("status").asString().equals("failed"));
        assertThat(failed.get("failure_reason").asString())
                .isEqualTo("no worker for gpu is running: the run waited 3 s for one and was not started");
        assertThat(failed.get("failure_code").asString()).isEqualTo("no_worker");
        assertThat(failed.get("status_detail").isNull()).isTrue();
        // its job is still in jobs.gpu: every worker is told to drop it
        assertThat(nextCancel(runId).reason()).contains("no worker for gpu");
    }

    @Test
    void aRunOnABackendWithALiveWorkerWaitsItsTurnWithoutTimingOut() throws Exception {
        keepAnnouncing("gpu-host/9/xyz", Backend.GPU);
        await(WAIT, () -> backend("gpu"), b -> b.get("live").asBoolean());
        String runId = submit("gpu");
        validate(runId, Backend.GPU, null);
        Thread.sleep(4500); // longer than the no-worker wait
        JsonNode queued = run(runId);
        assertThat(queued.get("status").asString()).isEqualTo("validated");
        assertThat(queued.get("status_detail").isNull()).isTrue();
    }

    @Test
    void automaticRoutingIsRecordedOnTheRun() {
        String runId = submit("auto");
        validate(runId, Backend.CPU, "automatic: no GPU worker is running, so it runs on a CPU worker");
        JsonNode queued = run(runId);
        assertThat(queued.get("requested_backend").asString()).isEqualTo("auto");
        assertThat(queued.get("backend").asString()).isEqualTo("cpu");
        assertThat(queued.get("routing").asString()).contains("no GPU worker is running");
    }

    @Test
    void cancellingAQueuedRunEndsItAtOnceAndAWorkerThatStartsItLaterIsToldToDropIt() {
        // a busy GPU worker is live, so the run waits its turn rather than timing out while the test looks at it
        keepAnnouncing("busy-gpu/1/bbb", Backend.GPU);
        await(WAIT, () -> backend("gpu"), b -> b.get("live").asBoolean());
        String runId = submit("gpu");
        validate(runId, Backend.GPU, null);
        JsonNode cancelled = alice.json(HttpMethod.POST, "/api/v1/runs/" + runId + "/cancel", null, 202);
        assertThat(cancelled.get("status").asString()).isEqualTo("cancelled");
        assertThat(cancelled.get("finished_at").isNull()).isFalse();
        assertThat(cancelled.get("started_at").isNull()).isTrue();
        assertThat(nextCancel(runId).reason()).isEqualTo("cancelled by the user before it started");

        // a GPU worker appears: it is told again (its control queue did not exist at the first broadcast) ...
        announce(WorkerAnnouncement.of("late-gpu/1/aaa", Backend.GPU, 1, 0, "test GPU", 500, false));
        assertThat(nextCancel(runId).runId()).isEqualTo(runId);
        // ... and if it starts the job anyway, it is told once more and its events change nothing
        publish(RunStarted.of(runId, 1, Backend.GPU, "late-gpu/1/aaa"));
        assertThat(nextCancel(runId).reason()).isEqualTo("the run already ended (cancelled)");
        publish(RunCancelled.of(runId, 1, "the run already ended (cancelled)"));
        JsonNode after = run(runId);
        assertThat(after.get("status").asString()).isEqualTo("cancelled");
        assertThat(after.get("started_at").isNull()).isTrue();
        assertThat(after.get("failure_reason").asString()).isEqualTo("cancelled by the user before it started");
        ResponseEntity<String> again = alice.call(HttpMethod.POST, "/api/v1/runs/" + runId + "/cancel", null);
        assertThat(again.getStatusCode().value()).isEqualTo(409);
    }

    @Test
    void aRunWaitingForValidationIsCancelledAtOnceToo() {
        String runId = submit("auto");
        await(WAIT, () -> run(runId).get("status").asString(), "validating"::equals);
        JsonNode cancelled = alice.json(HttpMethod.POST, "/api/v1/runs/" + runId + "/cancel", null, 202);
        assertThat(cancelled.get("status").asString()).isEqualTo("cancelled");
        assertThat(nextCancel(runId).runId()).isEqualTo(runId);
    }
}
