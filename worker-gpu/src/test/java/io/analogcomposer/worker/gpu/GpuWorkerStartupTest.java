package io.analogcomposer.worker.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.messaging.Topology;
import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.messages.RunEvent;
import io.analogcomposer.testsupport.IsolatedServicesInitializer;
import io.analogcomposer.worker.testing.Broker;
import io.analogcomposer.worker.testing.EventsProbe;
import io.analogcomposer.worker.testing.TestJobs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
@ContextConfiguration(initializers = IsolatedServicesInitializer.class)
class GpuWorkerStartupTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    Topology topology;

    @Test
    void reportsHealthIncludingTheBroker() {
        assertThat(http.getForObject("/actuator/health", String.class)).contains("\"status\":\"UP\"")
                .contains("\"rabbit\"");
    }

    @Test
    void tellsWhichBackendItServes() {
        assertThat(http.getForObject("/actuator/info", String.class)).contains("\"backend\":\"gpu\"")
                .contains("\"engineVersion\"");
    }

    @Test
    void runsAJobFromTheGpuQueue() {
        String runId = TestJobs.newRunId("gpu");
        Broker.publish(rabbit, topology.jobsExchange(), "gpu",
                TestJobs.job(runId, Backend.GPU, TestJobs.spec(1, 100, 8)), Map.of());

        List<RunEvent> all = new EventsProbe(rabbit, topology.eventsQueue()).awaitTerminal(runId,
                Duration.ofSeconds(30));

        assertThat(EventsProbe.names(all)).containsExactly("started", "progress", "artifact", "completed");
    }
}
