package io.analogcomposer.api.estimate;

import static io.analogcomposer.api.ApiTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.api.ApiTestSupport;
import io.analogcomposer.api.ApiTestSupport.Client;
import io.analogcomposer.api.account.UserAccountRepository;
import io.analogcomposer.messaging.Topology;
import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.experiment.ExperimentKind;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.RunCompleted;
import io.analogcomposer.spec.messages.RunEvent;
import io.analogcomposer.spec.messages.RunRequested;
import io.analogcomposer.spec.messages.RunResult;
import io.analogcomposer.spec.messages.RunStarted;
import io.analogcomposer.spec.messages.RunValidated;
import io.analogcomposer.testsupport.IsolatedServicesInitializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpMethod;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;

/** The cost estimate over REST: of a stored experiment, of a document being edited, and beside a run's result. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "composer.outbox.poll-interval=50ms")
@AutoConfigureTestRestTemplate
@ContextConfiguration(initializers = IsolatedServicesInitializer.class)
class EstimateEndpointsTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

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

    @BeforeEach
    void signIn() {
        alice = ApiTestSupport.signUp(http, accounts, encoder);
    }

    private String create(String template) {
        return alice.json(HttpMethod.POST, "/api/v1/experiments", Map.of("template", template), 201).get("id")
                .asString();
    }

    @Test
    void aStoredExperimentsEstimateHasItsTilesMvmsAndTheSourcesOfItsFigures() {
        String id = create("lenet5-training");
        JsonNode estimate = alice.get("/api/v1/experiments/" + id + "/estimate");
        assertThat(estimate.get("parameter_set").asString()).isEqualTo("hermes_pcm_14nm");
        // LeNet5 on the composer's 512×512 tiles: 4 tiles, 576 + 64 + 1 + 1 MVMs (CostEstimatorTest counts them)
        assertThat(estimate.get("totals").get("tiles").asLong()).isEqualTo(4);
        assertThat(estimate.get("totals").get("mvms").asLong()).isEqualTo(642);
        assertThat(estimate.get("totals").get("energy_pj").asDouble()).isPositive();
        assertThat(estimate.get("layers")).hasSize(12);
        assertThat(estimate.get("figures").findValuesAsString("source")).contains("le_gallo_2023");
        assertThat(estimate.get("references").findValuesAsString("url"))
                .contains("https://doi.org/10.1038/s41928-023-01010-1");

        JsonNode aon = alice.get("/api/v1/experiments/" + id + "/estimate?parameter_set=aon_cim_pcm_14nm");
        assertThat(aon.get("parameter_set").asString()).isEqualTo("aon_cim_pcm_14nm");
        assertThat(aon.get("totals").get("mvms").asLong()).isEqualTo(642);
        assertThat(aon.get("totals").get("energy_pj").asDouble())
                .isNotEqualTo(estimate.get("totals").get("energy_pj").asDouble());
    }

    @Test
    void anUnknownParameterSetAndAnInvalidDocumentAreFieldErrors() {
        String id = create("lenet5-training");
        JsonNode problem = alice.json(HttpMethod.GET, "/api/v1/experiments/" + id + "/estimate?parameter_set=tpu",
                null, 400);
        assertThat(problem.get("errors").get(0).get("pointer").asString()).isEqualTo("parameter_set");
        assertThat(problem.get("errors").get(0).get("allowed").asString())
                .isEqualTo("hermes_pcm_14nm, aon_cim_pcm_14nm");

        JsonNode invalid = alice.json(HttpMethod.POST, "/api/v1/estimate", """
                {"kind": "training", "dataset": {"name": "synthetic"},
                 "network": {"input_shape": [4], "layers": [{"type": "analog_linear", "out_features": 10},
                   {"type": "log_softmax"}]},
                 "cost_model": {"parameters": {"mvm_time_ns": -5}}}""", 400);
        assertThat(invalid.get("errors").findValuesAsString("pointer"))
                .containsExactly("/cost_model/parameters/mvm_time_ns");
    }

    @Test
    void aDocumentBeingEditedIsEstimatedWithItsOwnFigures() {
        JsonNode estimate = alice.json(HttpMethod.POST, "/api/v1/estimate", """
                {"kind": "training", "dataset": {"name": "synthetic"},
                 "network": {"input_shape": [4], "layers": [{"type": "analog_linear", "out_features": 10},
                   {"type": "log_softmax"}]},
                 "cost_model": {"parameters": {"mvm_time_ns": 1000, "digital_op_time_ns": 0}}}""", 200);
        // one tile, one MVM of 1000 ns, digital work taking no time, moving activations overlapped
        assertThat(estimate.get("totals").get("latency_ns").asDouble()).isEqualTo(1000.0);
        assertThat(estimate.get("figures").findValuesAsString("basis")).contains("user");
    }

    @Test
    void aRunsResultCarriesTheEstimateOfItsResolvedNetworkInItsSummary() {
        String experimentId = create("lenet5-training");
        String runId = alice.json(HttpMethod.POST, "/api/v1/experiments/" + experimentId + "/runs", Map.of(), 202)
                .get("id").asString();
        RunRequested job = await(WAIT, () -> {
            Message m = rabbit.receive(topology.validateQueue(), 200);
            return m == null
                    ? null
                    : SpecJson.read(new String(m.getBody(), StandardCharsets.UTF_8), RunRequested.class);
        }, r -> r != null && r.runId().equals(runId));
        publish(RunValidated.of(job, Backend.CPU, List.of()));
        await(WAIT, () -> status(runId), "validated"::equals);
        publish(RunStarted.of(runId, 1, Backend.CPU, "worker-test"));
        await(WAIT, () -> status(runId), "running"::equals);
        publish(RunCompleted.of(runId, 1, new RunResult(ExperimentKind.TRAINING, List.of(), List.of(),
                Map.of("accuracy", 0.9), List.of(), "test", 1.0)));
        await(WAIT, () -> status(runId), "completed"::equals);

        JsonNode result = alice.get("/api/v1/runs/" + runId + "/result");
        assertThat(result.get("summary").get("accuracy").asDouble()).isEqualTo(0.9);
        assertThat(result.get("summary").get("estimated_tiles").asDouble()).isEqualTo(4.0);
        assertThat(result.get("summary").get("estimated_mvms_per_inference").asDouble()).isEqualTo(642.0);
        JsonNode estimate = result.get("cost_estimate");
        assertThat(result.get("summary").get("estimated_energy_per_inference_nj").asDouble())
                .isEqualTo(estimate.get("totals").get("energy_pj").asDouble() / 1e3);
    }

    private String status(String runId) {
        return alice.get("/api/v1/runs/" + runId).get("status").asString();
    }

    private void publish(RunEvent event) {
        rabbit.send(topology.eventsExchange(), event.routingKey(),
                new Message(SpecJson.write(event).getBytes(StandardCharsets.UTF_8)));
    }
}
