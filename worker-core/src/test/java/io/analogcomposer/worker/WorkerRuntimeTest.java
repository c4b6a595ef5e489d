package io.analogcomposer.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.GetResponse;
import io.analogcomposer.messaging.Topology;
import io.analogcomposer.messaging.dispatch.DispatchTimes;
import io.analogcomposer.spec.messages.CancelRun;
import io.analogcomposer.spec.messages.RunCancelled;
import io.analogcomposer.spec.messages.RunCompleted;
import io.analogcomposer.spec.messages.RunEvent;
import io.analogcomposer.spec.messages.RunFailed;
import io.analogcomposer.spec.messages.RunHeartbeat;
import io.analogcomposer.spec.messages.RunJob;
import io.analogcomposer.spec.messages.RunProgress;
import io.analogcomposer.spec.messages.RunStarted;
import io.analogcomposer.testsupport.IsolatedServicesInitializer;
import io.analogcomposer.engine.backend.JavaBackend;
import io.analogcomposer.worker.engine.FoundDatasets;
import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.experiment.ExperimentSpec;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.worker.cancel.Cancellations;
import io.analogcomposer.worker.engine.EngineExperimentExecutor;
import io.analogcomposer.worker.engine.ExperimentExecutor;
import io.analogcomposer.worker.job.DeliveryCount;
import io.analogcomposer.worker.job.JobConsumer;
import io.analogcomposer.worker.job.JobQueue;
import io.analogcomposer.worker.job.RunningJobs;
import io.analogcomposer.worker.testing.Broker;
import io.analogcomposer.worker.testing.EventsProbe;
import io.analogcomposer.worker.testing.TestJobs;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * The worker runtime against the real RabbitMQ with quorum queues: one worker in this JVM, the API and the
 * validator played by the test through the broker. The consumer is started by each test, so a test can prepare
 * the queue (a job that "crashed" before, a cancellation that came first) as it would be found in production.
 */
@SpringBootTest(classes = WorkerRuntimeTest.App.class, properties = {"composer.worker.backend=cpu",
        "composer.worker.auto-startup=false", "composer.worker.heartbeat-interval=300ms",
        "composer.worker.engine.threads=2", "spring.rabbitmq.publisher-confirm-type=correlated"})
@ContextConfiguration(initializers = IsolatedServicesInitializer.class)
class WorkerRuntimeTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** The name of a job whose execution runs out of memory. */
    static final String EXHAUSTS_THE_HEAP = "exhausts the heap";

    @Configuration
    @EnableAutoConfiguration
    @Import(WorkerConfiguration.class)
    static class App {
        /**
         * The engine, except for one job that runs out of memory: a real heap exhaustion cannot be provoked safely
         * on a shared test machine. Also shows that an application's own executor replaces the default.
         */
        @Bean
        ExperimentExecutor experimentExecutor() {
            ExperimentExecutor engine = new EngineExperimentExecutor(FoundDatasets.in(java.util.List.of()),
                    new JavaBackend(2));
            return (job, control) -> {
                if (job.spec().name().equals(EXHAUSTS_THE_HEAP)) {
                    throw new OutOfMemoryError("Java heap space");
                }
                return engine.execute(job, control);
            };
        }
    }

    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    RabbitAdmin admin;
    @Autowired
    Topology topology;
    @Autowired
    JobConsumer consumer;
    @Autowired
    JobQueue jobQueue;
    @Autowired
    Cancellations cancellations;
    @Autowired
    MeterRegistry meters;
    @Autowired
    RunningJobs runningJobs;

    EventsProbe events;

    @BeforeEach
    void probe() {
        events = new EventsProbe(rabbit, topology.eventsQueue());
    }

    @AfterEach
    void stopAndEmptyTheQueue() {
        consumer.stop();
        admin.purgeQueue(jobQueue.queueName(), false);
    }

    private void submit(RunJob job, Map<String, Object> headers) {
        Broker.publish(rabbit, topology.jobsExchange(), "cpu", job, headers);
    }

    private void cancel(String runId) {
        Broker.publish(rabbit, topology.controlExchange(), "", CancelRun.of(runId, 1, "cancelled by the user"),
                Map.of());
    }

    /** Stops the consumer (closing its channels) and reports whether a job was left on the queue. */
    private boolean jobLeftOnQueue() {
        consumer.stop();
        return Broker.take(rabbit, jobQueue.queueName()) != null;
    }

    @Test
    void aJobIsStartedReportsEveryEpochAndCompletesThenLeavesTheQueue() {
        String runId = TestJobs.newRunId("happy");
        submit(TestJobs.tiny(runId, 2), Map.of());
        consumer.start();

        // heartbeats (every 300 ms here) fall between the other events wherever the run is slower, as on a loaded
        // machine: the positions below are those of the events that tell the run's story
        List<RunEvent> all = events.awaitTerminal(runId, WAIT).stream().filter(e -> !(e instanceof RunHeartbeat))
                .toList();

        assertThat(EventsProbe.names(all)).containsExactly("started", "progress", "progress", "artifact", "completed");
        // The trained weights travel before the completion, as a checkpoint whose checksum matches.
        var weights = (io.analogcomposer.spec.messages.RunArtifact) all.get(3);
        assertThat(weights.name()).isEqualTo("checkpoint.acck");
        assertThat(new String(weights.content(), 0, 8, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("ACMPCKPT");
        assertThat(weights.sha256()).isEqualTo(io.analogcomposer.spec.messages.RunArtifact.sha256(weights.content()));
        RunStarted started = (RunStarted) all.getFirst();
        assertThat(started.backend().wire()).isEqualTo("cpu");
        assertThat(started.worker()).isNotBlank();
        List<RunProgress> progress = all.stream().filter(RunProgress.class::isInstance).map(RunProgress.class::cast)
                .toList();
        assertThat(progress).extracting(RunProgress::step).containsExactly(0, 1);
        assertThat(progress).allSatisfy(p -> {
            assertThat(p.totalSteps()).isEqualTo(2);
            assertThat(p.metrics()).containsKeys("train_loss", "accuracy");
        });
        RunCompleted completed = (RunCompleted) all.getLast();
        assertThat(completed.result().epochs()).hasSize(2);
        assertThat(completed.result().epochs().get(1).metrics()).isEqualTo(progress.get(1).metrics());
        assertThat(completed.result().summary()).containsKey("test_accuracy");
        assertThat(all).allSatisfy(e -> assertThat(e.attempt()).isEqualTo(1));
        assertThat(jobLeftOnQueue()).as("acknowledged").isFalse();
        assertThat(meters.get("composer.worker.run.duration").tags("backend", "cpu", "outcome", "completed").timer()
                .count()).isGreaterThanOrEqualTo(1);
    }

    /**
     * The start of a job that carries dispatch moments carries them on, with when the worker received the job and
     * started it, for the API to time each hop; a redelivered job's start (not a first dispatch) carries none.
     */
    @Test
    void theStartCarriesTheJobsDispatchMomentsWithTheWorkersOwn() {
        String runId = TestJobs.newRunId("timed");
        long validated = DispatchTimes.now();
        submit(TestJobs.tiny(runId, 1), Map.<String, Object>of(DispatchTimes.CREATED, validated - 2_000,
                DispatchTimes.RELAYED,
                validated - 1_000, DispatchTimes.VALIDATED, validated));
        consumer.start();

        List<RunEvent> all = events.awaitTerminal(runId, WAIT);
        RunStarted started = (RunStarted) all.getFirst();
        Map<String, Object> headers = events.headers(started);
        assertThat(((Number) headers.get(DispatchTimes.CREATED)).longValue()).isEqualTo(validated - 2_000);
        assertThat(((Number) headers.get(DispatchTimes.VALIDATED)).longValue()).isEqualTo(validated);
        long received = ((Number) headers.get(DispatchTimes.RECEIVED)).longValue();
        assertThat(received).isGreaterThanOrEqualTo(validated);
        assertThat(((Number) headers.get(DispatchTimes.STARTED)).longValue()).isGreaterThanOrEqualTo(received)
                .isEqualTo(DispatchTimes.micros(started.timestamp()));
        assertThat(events.headers(all.getLast())).as("only the start carries them")
                .doesNotContainKey(DispatchTimes.CREATED);

        String redelivered = TestJobs.newRunId("timed-redelivered");
        consumer.stop();
        submit(TestJobs.tiny(redelivered, 1), Map.<String, Object>of(DispatchTimes.CREATED, validated));
        assertThat(Broker.takeAndDie(rabbit, jobQueue.queueName())).isTrue();
        consumer.start();
        RunEvent restarted = events.awaitTerminal(redelivered, WAIT).getFirst();
        assertThat(restarted).isInstanceOf(RunStarted.class);
        assertThat(events.headers(restarted)).doesNotContainKey(DispatchTimes.STARTED);
    }

    @Test
    void aJobCancelledWhileQueuedIsDiscardedWhenItArrives() throws Exception {
        String runId = TestJobs.newRunId("cancel-queued");
        submit(TestJobs.tiny(runId, 2), Map.of());
        cancel(runId);
        awaitCancellationSeen(runId);
        consumer.start();

        List<RunEvent> all = events.awaitTerminal(runId, WAIT);

        assertThat(EventsProbe.names(all)).containsExactly("cancelled");
        assertThat(((RunCancelled) all.getFirst()).reason()).isEqualTo("cancelled by the user");
        assertThat(jobLeftOnQueue()).isFalse();
    }

    @Test
    void aRunningJobSendsHeartbeatsAndStopsAtTheNextBatchWhenCancelled() {
        String runId = TestJobs.newRunId("cancel-running");
        submit(TestJobs.slow(runId, 40), Map.of());
        consumer.start();
        events.awaitEvent(runId, RunProgress.class::isInstance, WAIT);
        events.awaitEvent(runId, e -> events.events(runId).stream().filter(RunHeartbeat.class::isInstance)
                .count() >= 2, WAIT);

        long cancelledAt = System.nanoTime();
        cancel(runId);
        List<RunEvent> all = events.awaitTerminal(runId, WAIT);
        double seconds = (System.nanoTime() - cancelledAt) / 1e9;

        assertThat(all.getLast()).isInstanceOf(RunCancelled.class);
        assertThat(EventsProbe.names(all)).doesNotContain("completed").filteredOn("progress"::equals)
                .hasSizeLessThan(40);
        assertThat(seconds).as("stopped at a batch boundary, not at the end of the run").isLessThan(5);
        RunHeartbeat beat = all.stream().filter(RunHeartbeat.class::isInstance).map(RunHeartbeat.class::cast)
                .findFirst().orElseThrow();
        assertThat(beat.worker()).isEqualTo(((RunStarted) all.getFirst()).worker());
        assertThat(jobLeftOnQueue()).isFalse();
    }

    @Test
    void unreadableJobsAreDeadLetteredWithTheirReasonAndFailTheirRunWhenItCanBeRead() {
        String runId = TestJobs.newRunId("poison");
        Broker.publishRaw(rabbit, topology.jobsExchange(), "cpu", "{not json".getBytes(StandardCharsets.UTF_8),
                Map.of());
        String futureVersion = """
                {"message_version": 2, "event_id": "8d0b7a4e-8f7e-4a8e-9a53-3f0c1de1b7c1", "run_id": "%s",
                 "attempt": 1, "timestamp": "2026-11-23T12:00:00Z", "hologram": true}""".formatted(runId);
        Broker.publishRaw(rabbit, topology.jobsExchange(), "cpu", futureVersion.getBytes(StandardCharsets.UTF_8),
                Map.of());
        consumer.start();

        RunFailed failed = (RunFailed) events.awaitTerminal(runId, WAIT).getLast();
        assertThat(failed.code()).isEqualTo("dead_lettered");
        assertThat(failed.reason()).contains("message_version 2").contains(jobQueue.deadLetterQueueName());

        // both are dead-lettered; with several consumers the queue may hold them in either order
        GetResponse first = Broker.take(rabbit, jobQueue.deadLetterQueueName());
        GetResponse second = Broker.take(rabbit, jobQueue.deadLetterQueueName());
        assertThat(first).isNotNull();
        assertThat(second).isNotNull();
        boolean garbageFirst = new String(first.getBody(), StandardCharsets.UTF_8).equals("{not json");
        GetResponse garbage = garbageFirst ? first : second;
        GetResponse versioned = garbageFirst ? second : first;
        assertThat(new String(garbage.getBody(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(garbage.getProps().getHeaders().get(JobQueue.DEAD_LETTER_REASON_HEADER).toString())
                .contains("not JSON");
        assertThat(versioned).isNotNull();
        assertThat(versioned.getProps().getHeaders().get(JobQueue.DEAD_LETTER_REASON_HEADER).toString())
                .contains("message_version 2");
        assertThat(jobLeftOnQueue()).isFalse();
    }

    @Test
    void aRedeliveredJobRestartsAsTheNextAttempt() {
        String runId = TestJobs.newRunId("redelivered");
        submit(TestJobs.tiny(runId, 1), Map.of());
        assertThat(Broker.takeAndDie(rabbit, jobQueue.queueName())).isTrue();
        consumer.start();

        List<RunEvent> all = events.awaitTerminal(runId, WAIT);

        assertThat(EventsProbe.names(all)).containsExactly("started", "progress", "artifact", "completed");
        assertThat(all).allSatisfy(e -> assertThat(e.attempt()).isEqualTo(2));
    }

    @Test
    void aJobWhoseWorkerCrashedAsOftenAsTheDeliveryLimitFailsTheRunInsteadOfRunningAgain() {
        String runId = TestJobs.newRunId("crashy");
        submit(TestJobs.tiny(runId, 1), Map.of());
        for (int crash = 1; crash <= 3; crash++) {
            assertThat(Broker.takeAndDie(rabbit, jobQueue.queueName())).as("crash %d", crash).isTrue();
        }
        consumer.start();

        List<RunEvent> all = events.awaitTerminal(runId, WAIT);

        assertThat(EventsProbe.names(all)).containsExactly("failed");
        RunFailed failed = (RunFailed) all.getFirst();
        assertThat(failed.code()).isEqualTo("worker_crashed");
        assertThat(failed.reason()).startsWith("worker crashed 3 times");
        assertThat(failed.attempt()).as("the last attempt that ran").isEqualTo(3);
        assertThat(meters.get("composer.worker.runs.ended").tags("outcome", "failed", "code", "worker_crashed")
                .counter().count()).isEqualTo(1);
        assertThat(jobLeftOnQueue()).isFalse();
        assertThat(Broker.take(rabbit, jobQueue.deadLetterQueueName())).isNull();
    }

    @Test
    void stoppingTheWorkerHandsTheRunningJobBackAtABatchBoundaryAsANewAttempt() {
        String runId = TestJobs.newRunId("handback");
        submit(TestJobs.slow(runId, 40), Map.of());
        consumer.start();
        events.awaitEvent(runId, RunProgress.class::isInstance, WAIT);

        long stopping = System.nanoTime();
        consumer.stop();
        assertThat((System.nanoTime() - stopping) / 1e9).as("did not wait for the run to end").isLessThan(5);

        assertThat(events.drain(runId, Duration.ofMillis(500))).noneMatch(RunEvent::terminal);
        GetResponse handedBack = Broker.take(rabbit, jobQueue.queueName());
        assertThat(handedBack).as("the job is back on its queue").isNotNull();
        assertThat(handedBack.getProps().getHeaders()).containsEntry(DeliveryCount.HAND_BACKS_HEADER, 1)
                .containsEntry(DeliveryCount.CRASHES_HEADER, 0);

        // the next worker restarts it as attempt 2 (and the test cancels it rather than wait for 40 epochs)
        Broker.publishRaw(rabbit, topology.jobsExchange(), "cpu", handedBack.getBody(),
                handedBack.getProps().getHeaders());
        consumer.start();
        RunStarted restarted = (RunStarted) events.awaitEvent(runId, e -> e instanceof RunStarted s && s.attempt() == 2,
                WAIT).stream().filter(e -> e instanceof RunStarted s && s.attempt() == 2).findFirst().orElseThrow();
        assertThat(restarted.attempt()).isEqualTo(2);
        cancel(runId);
        assertThat(events.awaitTerminal(runId, WAIT).getLast()).isInstanceOf(RunCancelled.class);
    }

    @Test
    void stoppingTheWorkerLetsANearlyFinishedJobComplete() {
        String runId = TestJobs.newRunId("nearly-done");
        submit(TestJobs.training(runId, 20, 2000, 256), Map.of());
        consumer.start();
        // after epoch 18 of 20 the job is 90% done, the default shutdown.finish-above
        events.awaitEvent(runId, e -> e instanceof RunProgress p && p.step() == 17, WAIT);
        assertThat(runningJobs.snapshot()).as("still in its last epoch").singleElement()
                .satisfies(job -> assertThat(job.progress()).isGreaterThanOrEqualTo(0.9));

        consumer.stop();

        List<RunEvent> all = events.awaitTerminal(runId, WAIT);
        assertThat(all.getLast()).isInstanceOf(RunCompleted.class);
        assertThat(all).allSatisfy(e -> assertThat(e.attempt()).isEqualTo(1));
        assertThat(Broker.take(rabbit, jobQueue.queueName())).as("not handed back").isNull();
    }

    @Test
    void aMissingDatasetFailsTheRunNamingWhereTheWorkerLooked() {
        String runId = TestJobs.newRunId("no-data");
        ExperimentSpec spec = SpecJson.read(SpecJson.write(TestJobs.spec(1, 100, 8))
                .replace("\"name\":\"synthetic\"", "\"name\":\"cifar10\"")
                .replace("\"input_shape\":[1,28,28]", "\"input_shape\":[3,32,32]"), ExperimentSpec.class);
        submit(TestJobs.job(runId, Backend.CPU, spec), Map.of());
        consumer.start();

        List<RunEvent> all = events.awaitTerminal(runId, WAIT);

        assertThat(EventsProbe.names(all)).containsExactly("started", "failed");
        RunFailed failed = (RunFailed) all.getLast();
        assertThat(failed.code()).isEqualTo("dataset_missing");
        assertThat(failed.reason()).contains("CIFAR-10 is not installed on this server")
                .contains("data_batch_1.bin").contains("choose a dataset that is installed")
                .contains("/usr/share/datasets");
    }

    @Test
    void aRunThatExhaustsTheHeapFailsWithAReasonAndTheWorkerTakesTheNextJob() {
        String hungry = TestJobs.newRunId("oom");
        ExperimentSpec spec = SpecJson.read(SpecJson.write(TestJobs.spec(1, 100, 8)).replace(
                "\"name\":\"worker test\"", "\"name\":\"" + EXHAUSTS_THE_HEAP + "\""), ExperimentSpec.class);
        submit(TestJobs.job(hungry, Backend.CPU, spec), Map.of());
        String next = TestJobs.newRunId("after-oom");
        submit(TestJobs.tiny(next, 1), Map.of());
        consumer.start();

        RunFailed failed = (RunFailed) events.awaitTerminal(hungry, WAIT).getLast();
        assertThat(failed.code()).isEqualTo("out_of_memory");
        assertThat(failed.reason()).contains("MiB").contains("batch_size");
        assertThat(events.awaitTerminal(next, WAIT).getLast()).isInstanceOf(RunCompleted.class);
    }

    @Test
    void aRunWhoseEstimateExceedsTheWorkersHeapFailsBeforeItTrainsAndANormalRunStillCompletes() {
        String large = TestJobs.newRunId("too-large");
        // a million synthetic 3x64x64 images held as floats: about 61 GB, beyond any test JVM's heap
        ExperimentSpec spec = SpecJson.read(SpecJson.write(TestJobs.spec(1, 1_000_000, 8))
                .replace("\"input_shape\":[1,28,28]", "\"input_shape\":[3,64,64]"), ExperimentSpec.class);
        submit(TestJobs.job(large, Backend.CPU, spec), Map.of());
        String next = TestJobs.newRunId("fits");
        submit(TestJobs.tiny(next, 1), Map.of());
        consumer.start();

        List<RunEvent> all = events.awaitTerminal(large, WAIT);

        // failed at once: no epoch was trained, and the reason carries both figures and what to reduce
        assertThat(EventsProbe.names(all)).containsExactly("started", "failed");
        RunFailed failed = (RunFailed) all.getLast();
        assertThat(failed.code()).isEqualTo("out_of_memory");
        long heapMiB = Runtime.getRuntime().maxMemory() >> 20;
        assertThat(failed.reason()).containsPattern("needs about [0-9,]+ MiB")
                .contains("at most " + String.format(java.util.Locale.ROOT, "%,d", heapMiB))
                .contains("synthetic_samples").contains("batch_size");
        assertThat(events.awaitTerminal(next, WAIT).getLast()).isInstanceOf(RunCompleted.class);
    }

    private void awaitCancellationSeen(String runId) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!cancellations.isCancelled(runId)) {
            assertThat(System.nanoTime()).as("cancellation received on the control queue").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
