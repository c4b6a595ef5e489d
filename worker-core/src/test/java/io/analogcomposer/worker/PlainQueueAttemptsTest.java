package io.analogcomposer.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.messaging.Topology;
import io.analogcomposer.spec.messages.RunEvent;
import io.analogcomposer.spec.messages.RunFailed;
import io.analogcomposer.testsupport.IsolatedServicesInitializer;
import io.analogcomposer.worker.job.DeliveryCount;
import io.analogcomposer.worker.job.JobConsumer;
import io.analogcomposer.worker.job.JobQueue;
import io.analogcomposer.worker.testing.Broker;
import io.analogcomposer.worker.testing.EventsProbe;
import io.analogcomposer.worker.testing.TestJobs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * Attempts on a broker that does not count deliveries (the embedded broker of the standalone mode), played by
 * RabbitMQ with plain classic queues: it only flags redeliveries, so the worker counts crashes itself.
 */
@SpringBootTest(classes = PlainQueueAttemptsTest.App.class, properties = {"composer.worker.backend=cpu",
        "composer.worker.auto-startup=false", "composer.messaging.rabbit-queue-features=false",
        "composer.worker.engine.threads=2", "spring.rabbitmq.publisher-confirm-type=correlated"})
@ContextConfiguration(initializers = IsolatedServicesInitializer.class)
class PlainQueueAttemptsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Configuration
    @EnableAutoConfiguration
    @Import(WorkerConfiguration.class)
    static class App {}

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
    void aRedeliveryIsCountedByTheWorkerAndTheJobRunsAsTheNextAttempt() {
        EventsProbe events = new EventsProbe(rabbit, topology.eventsQueue());
        String runId = TestJobs.newRunId("plain-redelivered");
        Broker.publish(rabbit, topology.jobsExchange(), "cpu", TestJobs.tiny(runId, 1), Map.of());
        assertThat(Broker.takeAndDie(rabbit, jobQueue.queueName())).isTrue();
        consumer.start();

        List<RunEvent> all = events.awaitTerminal(runId, WAIT);

        assertThat(EventsProbe.names(all)).containsExactly("started", "progress", "completed");
        assertThat(all).allSatisfy(e -> assertThat(e.attempt()).isEqualTo(2));
        consumer.stop();
        assertThat(Broker.take(rabbit, jobQueue.queueName())).as("no copy left behind").isNull();
    }

    @Test
    void crashesCountedAcrossRepublishingReachTheDeliveryLimit() {
        EventsProbe events = new EventsProbe(rabbit, topology.eventsQueue());
        String runId = TestJobs.newRunId("plain-crashy");
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
        assertThat(Broker.take(rabbit, jobQueue.queueName())).isNull();
    }
}
