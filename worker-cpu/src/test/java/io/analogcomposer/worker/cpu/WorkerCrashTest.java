package io.analogcomposer.worker.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.messaging.Topology;
import io.analogcomposer.spec.messages.RunCompleted;
import io.analogcomposer.spec.messages.RunEvent;
import io.analogcomposer.spec.messages.RunProgress;
import io.analogcomposer.spec.messages.RunStarted;
import io.analogcomposer.testsupport.IsolatedServicesInitializer;
import io.analogcomposer.worker.testing.Broker;
import io.analogcomposer.worker.testing.EventsProbe;
import io.analogcomposer.worker.testing.TestJobs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.test.context.ContextConfiguration;

/**
 * A worker process killed with SIGKILL in the middle of a run: the broker gives the unacknowledged job to the next
 * worker, which runs it again as attempt 2, and the run completes exactly once. The workers are real separate JVMs
 * started from this test's classpath; this JVM only plays the API (reads events) and the validator (submits the job).
 */
@SpringBootTest(classes = WorkerCrashTest.Broker.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ContextConfiguration(initializers = IsolatedServicesInitializer.class)
class WorkerCrashTest {

    /** The topology only: no worker in this JVM. */
    @Configuration
    @EnableAutoConfiguration
    static class Broker {}

    private static final Duration WAIT = Duration.ofSeconds(180);

    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    Topology topology;
    @Autowired
    Environment environment;

    private final List<Process> workers = new ArrayList<>();

    @AfterEach
    void stopWorkers() throws InterruptedException {
        for (Process worker : workers) {
            worker.destroyForcibly();
            worker.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aJobWhoseWorkerIsKilledMidRunIsRedeliveredAndCompletesExactlyOnce() throws Exception {
        EventsProbe events = new EventsProbe(rabbit, topology.eventsQueue());
        String runId = TestJobs.newRunId("crash");
        io.analogcomposer.worker.testing.Broker.publish(rabbit, topology.jobsExchange(), "cpu",
                TestJobs.slow(runId, 30), Map.of());

        Process first = startWorker("first");
        events.awaitEvent(runId, RunProgress.class::isInstance, WAIT);
        first.destroyForcibly();
        assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);

        Process second = startWorker("second");
        List<RunEvent> all = events.awaitTerminal(runId, WAIT);
        // anything the first worker might still have had in flight, or a duplicate, would arrive now
        all = events.drain(runId, Duration.ofSeconds(2));

        List<RunCompleted> completed = all.stream().filter(RunCompleted.class::isInstance)
                .map(RunCompleted.class::cast).toList();
        assertThat(completed).as("exactly one completion").hasSize(1);
        assertThat(completed.getFirst().attempt()).isEqualTo(2);
        assertThat(completed.getFirst().result().epochs()).hasSize(30);
        List<RunStarted> starts = all.stream().filter(RunStarted.class::isInstance).map(RunStarted.class::cast)
                .toList();
        assertThat(starts).extracting(RunStarted::attempt).containsExactly(1, 2);
        assertThat(starts.get(0).worker()).isNotEqualTo(starts.get(1).worker());
        assertThat(all.stream().filter(RunEvent::terminal)).hasSize(1);

        // the second worker stops gracefully, and the job is gone from the queue
        second.destroy();
        assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(io.analogcomposer.worker.testing.Broker.take(rabbit, topology.jobQueue("cpu"))).isNull();
    }

    /** Starts the CPU worker's main class in a new JVM, on this broker and prefix, logging to target/. */
    private Process startWorker(String name) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-cp",
                System.getProperty("java.class.path"), CpuWorkerApplication.class.getName(),
                "--spring.main.web-application-type=none", "--composer.worker.engine.threads=2",
                "--composer.worker.heartbeat-interval=1s"));
        for (String key : List.of("spring.rabbitmq.host", "spring.rabbitmq.port", "spring.rabbitmq.username",
                "spring.rabbitmq.password", "composer.messaging.prefix")) {
            command.add("--" + key + "=" + environment.getRequiredProperty(key));
        }
        Path log = Path.of("target", "crash-test-worker-" + name + ".log");
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        workers.add(process);
        return process;
    }
}
