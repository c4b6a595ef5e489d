package io.analogcomposer.worker.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.messaging.Topology;
import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.experiment.ExperimentSpec;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.RunEvent;
import io.analogcomposer.spec.messages.RunFailed;
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
class HardwareWorkerStartupTest {

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
        assertThat(http.getForObject("/actuator/info", String.class)).contains("\"backend\":\"hardware\"")
                .contains("\"engineVersion\"");
    }

    @Test
    void takesAHardwareInferenceJobFromItsQueueAndReportsItsOutcome() {
        String runId = TestJobs.newRunId("hardware");
        ExperimentSpec spec = SpecJson.read(SpecJson.write(TestJobs.spec(1, 100, 8))
                .replace("\"kind\":\"training\"", "\"kind\":\"hardware_inference\""), ExperimentSpec.class);
        Broker.publish(rabbit, topology.jobsExchange(), "hardware", TestJobs.job(runId, Backend.HARDWARE, spec),
                Map.of());

        List<RunEvent> all = new EventsProbe(rabbit, topology.eventsQueue()).awaitTerminal(runId,
                Duration.ofSeconds(30));

        assertThat(EventsProbe.names(all).getFirst()).isEqualTo("started");
        // whatever this worker can do with it yet, the run ends with a reason a user can read, never as a bug
        if (all.getLast() instanceof RunFailed failed) {
            assertThat(failed.code()).isNotIn("internal_error", "dead_lettered");
            assertThat(failed.reason()).contains("hardware_inference");
        }
    }
}
