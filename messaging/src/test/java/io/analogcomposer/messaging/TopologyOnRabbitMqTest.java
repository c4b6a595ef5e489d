package io.analogcomposer.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.testsupport.IsolatedServicesInitializer;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.ContextConfiguration;

@SpringBootTest(classes = TopologyOnRabbitMqTest.App.class)
@ContextConfiguration(initializers = IsolatedServicesInitializer.class)
class TopologyOnRabbitMqTest {

    @Configuration
    @EnableAutoConfiguration
    static class App {}

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    Topology topology;

    @BeforeEach
    void emptyQueues() {
        for (String backend : Topology.BACKEND_KEYS) {
            while (rabbit.receive(topology.jobQueue(backend)) != null) {
                // drain what another test left
            }
        }
    }

    @Test
    void jobsAreRoutedToTheQueueOfTheirBackend() {
        for (String backend : Topology.BACKEND_KEYS) {
            rabbit.convertAndSend(topology.jobsExchange(), backend, Map.of("backend", backend));
        }
        for (String backend : Topology.BACKEND_KEYS) {
            Object received = rabbit.receiveAndConvert(topology.jobQueue(backend), 5000);
            assertThat(received).isEqualTo(Map.of("backend", backend));
        }
    }

    @Test
    void previewRequestsReachThePreviewQueueAndOldOnesExpire() throws InterruptedException {
        rabbit.convertAndSend(topology.previewExchange(), Topology.PREVIEW_KEY, Map.of("kind", "drift"));
        assertThat(rabbit.receiveAndConvert(topology.previewQueue(), 5000)).isEqualTo(Map.of("kind", "drift"));
        // a request nobody took within its expiration is gone: its caller has long stopped waiting
        rabbit.convertAndSend(topology.previewExchange(), Topology.PREVIEW_KEY, Map.of("kind", "old"), m -> {
            m.getMessageProperties().setExpiration("50");
            return m;
        });
        Thread.sleep(300);
        assertThat(rabbit.receive(topology.previewQueue())).isNull();
    }

    @Test
    void runEventsReachTheApiQueueAsJson() {
        rabbit.convertAndSend(topology.eventsExchange(), "run.progress", Map.of("run_id", "r1", "epoch", 3));
        var message = rabbit.receive(topology.eventsQueue(), 5000);
        assertThat(message).isNotNull();
        assertThat(message.getMessageProperties().getContentType()).isEqualTo(MessageProperties.CONTENT_TYPE_JSON);
        assertThat(new String(message.getBody())).contains("\"epoch\":3");
    }

    @Test
    void aJobRejectedMoreOftenThanTheDeliveryLimitIsDeadLettered() throws InterruptedException {
        String queue = topology.jobQueue("gpu");
        rabbit.convertAndSend(topology.jobsExchange(), "gpu", Map.of("run_id", "crashy"));
        // Each rejection with requeue stands for a worker that died holding the job. With a delivery limit of
        // 3 the broker allows the first delivery plus 3 redeliveries, then dead-letters the job.
        int deliveries = 0;
        long deadline = System.currentTimeMillis() + 5000;
        while (deliveries < 10 && System.currentTimeMillis() < deadline) {
            boolean got = rabbit.execute(ch -> {
                var response = ch.basicGet(queue, false);
                if (response == null) {
                    return false;
                }
                ch.basicNack(response.getEnvelope().getDeliveryTag(), false, true);
                return true;
            });
            if (got) {
                deliveries++;
            } else if (deliveries > 0) {
                break; // the broker took it out of the work queue
            } else {
                Thread.sleep(20); // the publish has not been routed yet
            }
        }
        assertThat(deliveries).as("deliveries before dead-lettering").isEqualTo(4);
        Object deadLettered = rabbit.receiveAndConvert(topology.deadLetterQueue(queue), 5000);
        assertThat(deadLettered).isEqualTo(Map.of("run_id", "crashy"));
    }

    @Test
    void plainBrokersGetTheSameNamesWithoutRabbitArguments() {
        Topology plain = new Topology(new MessagingProperties("x.", false, 3));
        var declared = plain.declarables(new MessagingProperties("x.", false, 3))
                .getDeclarablesByType(org.springframework.amqp.core.Queue.class);
        assertThat(declared).extracting(q -> q.getName()).contains("x.jobs.validate", "x.jobs.cpu", "x.jobs.gpu",
                "x.jobs.hardware", "x.events.api", "x.jobs.cpu.dlq");
        assertThat(declared).allSatisfy(q -> assertThat(q.getArguments()).isEmpty());
    }
}
