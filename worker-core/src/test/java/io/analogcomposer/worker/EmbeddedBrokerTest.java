package io.analogcomposer.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.messaging.Topology;
import io.analogcomposer.spec.messages.CancelRun;
import io.analogcomposer.spec.messages.RunCancelled;
import io.analogcomposer.spec.messages.RunEvent;
import io.analogcomposer.spec.messages.RunFailed;
import io.analogcomposer.spec.messages.RunProgress;
import io.analogcomposer.worker.job.DeliveryCount;
import io.analogcomposer.worker.job.JobConsumer;
import io.analogcomposer.worker.job.JobQueue;
import io.analogcomposer.worker.testing.Broker;
import io.analogcomposer.worker.testing.EventsProbe;
import io.analogcomposer.worker.testing.TestJobs;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.qpid.server.SystemLauncher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The runtime on the standalone mode's embedded broker (Apache Qpid Broker-J): plain queues, no delivery counts, no
 * dead-letter exchange, and a broker that refuses RabbitMQ's queue arguments. Publisher confirms, the exclusive
 * control queue, the worker's own crash counting and dead-lettering must all work there too.
 */
@SpringBootTest(classes = EmbeddedBrokerTest.App.class, properties = {"composer.worker.backend=cpu",
        "composer.worker.auto-startup=false", "composer.messaging.rabbit-queue-features=false",
        "composer.worker.engine.threads=2", "spring.rabbitmq.publisher-confirm-type=correlated"})
class EmbeddedBrokerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final SystemLauncher QPID = new SystemLauncher();
    private static final int PORT = freePort();

    @Configuration
    @EnableAutoConfiguration
    @Import(WorkerConfiguration.class)
    static class App {
        /** Stops the broker with the context, after the worker let go of it. */
        @Bean
        DisposableBean embeddedBroker() {
            return QPID::shutdown;
        }
    }

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) throws Exception {
        Path work = Files.createTempDirectory("qpid-worker-test");
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("type", "Memory");
        attributes.put("initialConfigurationLocation", resource("qpid-initial-config.json"));
        attributes.put("initialSystemPropertiesLocation", resource("qpid-system.properties"));
        attributes.put("startupLoggedToSystemOut", false);
        attributes.put("context", Map.of("qpid.work_dir", work.toString(), "qpid.home_dir", work.toString(),
                "composer.broker.port", Integer.toString(PORT), "composer.broker.user", "composer",
                "composer.broker.password", "secret"));
        QPID.startup(attributes);
        registry.add("spring.rabbitmq.host", () -> "127.0.0.1");
        registry.add("spring.rabbitmq.port", () -> PORT);
        registry.add("spring.rabbitmq.username", () -> "composer");
        registry.add("spring.rabbitmq.password", () -> "secret");
    }

    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    Topology topology;
    @Autowired
    JobConsumer consumer;
    @Autowired
    JobQueue jobQueue;

    @AfterEach
    void stop() {
        consumer.stop();
    }

    @Test
    void aRedeliveredJobRunsAsTheNextAttemptAndARunningOneCanBeCancelled() {
        EventsProbe events = new EventsProbe(rabbit, topology.eventsQueue());
        String redelivered = TestJobs.newRunId("qpid-redelivered");
        Broker.publish(rabbit, topology.jobsExchange(), "cpu", TestJobs.tiny(redelivered, 2), Map.of());
        assertThat(Broker.takeAndDie(rabbit, jobQueue.queueName())).isTrue();
        consumer.start();

        List<RunEvent> all = events.awaitTerminal(redelivered, WAIT);
        assertThat(EventsProbe.names(all)).containsExactly("started", "progress", "progress", "artifact", "completed");
        assertThat(all).allSatisfy(e -> assertThat(e.attempt()).isEqualTo(2));
        assertThat(Broker.take(rabbit, jobQueue.queueName())).as("the counted copy ran; nothing left").isNull();

        String running = TestJobs.newRunId("qpid-running");
        Broker.publish(rabbit, topology.jobsExchange(), "cpu", TestJobs.slow(running, 40), Map.of());
        events.awaitEvent(running, RunProgress.class::isInstance, WAIT);
        Broker.publish(rabbit, topology.controlExchange(), "", CancelRun.of(running, 1, "cancelled by the user"),
                Map.of());
        assertThat(events.awaitTerminal(running, WAIT).getLast()).isInstanceOf(RunCancelled.class);
    }

    @Test
    void poisonIsDeadLetteredByTheWorkerItself() {
        EventsProbe events = new EventsProbe(rabbit, topology.eventsQueue());
        String runId = TestJobs.newRunId("qpid-poison");
        String wrongBackend = io.analogcomposer.spec.json.SpecJson.write(TestJobs.tiny(runId, 1))
                .replace("\"backend\":\"cpu\",\"spec\"", "\"backend\":\"gpu\",\"spec\"");
        Broker.publishRaw(rabbit, topology.jobsExchange(), "cpu", wrongBackend.getBytes(StandardCharsets.UTF_8),
                Map.of());
        consumer.start();

        RunFailed failed = (RunFailed) events.awaitTerminal(runId, WAIT).getLast();
        assertThat(failed.code()).isEqualTo("dead_lettered");
        assertThat(failed.reason()).contains("backend 'gpu'");
        assertThat(Broker.take(rabbit, jobQueue.deadLetterQueueName())).isNotNull();
    }

    @Test
    void crashesCountedAcrossRepublishingReachTheDeliveryLimit() {
        EventsProbe events = new EventsProbe(rabbit, topology.eventsQueue());
        String runId = TestJobs.newRunId("qpid-crashy");
        // two crashes were counted by earlier workers (the job was re-published with the count), then a third
        Broker.publish(rabbit, topology.jobsExchange(), "cpu", TestJobs.tiny(runId, 1),
                Map.of(DeliveryCount.CRASHES_HEADER, 2));
        assertThat(Broker.takeAndDie(rabbit, jobQueue.queueName())).isTrue();
        consumer.start();

        List<RunEvent> all = events.awaitTerminal(runId, WAIT);

        assertThat(EventsProbe.names(all)).containsExactly("failed");
        RunFailed failed = (RunFailed) all.getFirst();
        assertThat(failed.code()).isEqualTo("worker_crashed");
        assertThat(failed.reason()).startsWith("worker crashed 3 times");
        consumer.stop();
        assertThat(Broker.take(rabbit, jobQueue.queueName())).as("no copy left behind").isNull();
    }

    private static String resource(String name) {
        return Objects.requireNonNull(EmbeddedBrokerTest.class.getResource("/embedded-broker/" + name), name)
                .toExternalForm();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
