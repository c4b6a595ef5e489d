package io.analogcomposer.api.preview;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.api.ApiTestSupport;
import io.analogcomposer.api.ApiTestSupport.Client;
import io.analogcomposer.api.account.UserAccountRepository;
import io.analogcomposer.messaging.Topology;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.DriftPreviewRequest;
import io.analogcomposer.spec.messages.PreviewRequest;
import io.analogcomposer.spec.messages.PreviewResponse;
import io.analogcomposer.spec.messages.ResponseCurveRequest;
import io.analogcomposer.spec.validation.Issue;
import io.analogcomposer.testsupport.IsolatedServicesInitializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
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
 * The preview endpoints over the real PostgreSQL and RabbitMQ. The simulator worker is played by a listener on the
 * preview queue that answers as the test says and records what it was asked (the engine's answers themselves are
 * tested in worker-core, and end to end with a real worker in e2e): so these tests see what the API sends, what it
 * makes of each kind of answer, its cache, its limits, and what it says when no worker is there.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "composer.preview.timeout=2s", "composer.preview.per-minute=6"})
@AutoConfigureTestRestTemplate
@ContextConfiguration(initializers = IsolatedServicesInitializer.class)
class PreviewEndpointsTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    UserAccountRepository accounts;
    @Autowired
    PasswordEncoder encoder;
    @Autowired
    ConnectionFactory connectionFactory;
    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    AmqpAdmin admin;
    @Autowired
    Topology topology;

    private SimpleMessageListenerContainer worker;
    private final List<PreviewRequest> asked = new CopyOnWriteArrayList<>();

    /** Starts a fake worker answering each request with {@code answer} (null: never answers). */
    private void workerAnswering(Function<PreviewRequest, PreviewResponse> answer) {
        worker = new SimpleMessageListenerContainer(connectionFactory);
        worker.setQueueNames(topology.previewQueue());
        worker.setAcknowledgeMode(AcknowledgeMode.AUTO);
        worker.setMessageListener(m -> {
            PreviewRequest request = SpecJson.read(new String(m.getBody(), StandardCharsets.UTF_8),
                    PreviewRequest.class);
            asked.add(request);
            PreviewResponse response = answer.apply(request);
            if (response != null) {
                MessageProperties props = new MessageProperties();
                props.setCorrelationId(m.getMessageProperties().getCorrelationId());
                props.setContentType(MessageProperties.CONTENT_TYPE_JSON);
                rabbit.send("", m.getMessageProperties().getReplyTo(),
                        new Message(SpecJson.write(response).getBytes(StandardCharsets.UTF_8), props));
            }
        });
        worker.start();
        ApiTestSupport.await(Duration.ofSeconds(10), () -> admin.getQueueProperties(topology.previewQueue())
                .get(RabbitAdmin.QUEUE_CONSUMER_COUNT), c -> ((Number) c).intValue() > 0);
    }

    @AfterEach
    void stopWorker() {
        if (worker != null) {
            worker.stop();
            ApiTestSupport.await(Duration.ofSeconds(10), () -> admin.getQueueProperties(topology.previewQueue())
                    .get(RabbitAdmin.QUEUE_CONSUMER_COUNT), c -> ((Number) c).intValue() == 0);
        }
    }

    /** A drift answer with one level per requested level, its target telling which request it answers. */
    private static PreviewResponse driftFor(PreviewRequest request) {
        DriftPreviewRequest r = (DriftPreviewRequest) request;
        PreviewResponse.Stat s = new PreviewResponse.Stat(1, r.seed(), 0.5, r.seed() - 1, r.seed() + 1);
        return PreviewResponse.of(new PreviewResponse.DriftPreview(r.noiseModel().get("type").asString(),
                Map.of("drift_scale", 1.0), "none", r.samples(), r.seed(), List.of(1.0),
                java.util.stream.IntStream.range(0, r.levels())
                        .mapToObj(i -> new PreviewResponse.Level(i, s, List.of(s), null)).toList()));
    }

    private Client user() {
        return ApiTestSupport.signUp(http, accounts, encoder);
    }

    @Test
    void withoutAWorkerTheApiAnswers503SayingSoAtOnce() {
        // seen before sending (the preview queue has no consumer), not after waiting out the 2 s timeout
        ResponseEntity<String> response = user().call(HttpMethod.POST, "/api/v1/previews/drift",
                Map.of("noise_model", Map.of("type", "pcm_like")));
        assertThat(response.getStatusCode().value()).isEqualTo(503);
        assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat(response.getBody()).contains("No simulator worker is running", "start one");
    }

    @Test
    void aWorkerThatDoesNotAnswerInTimeIs503Too() {
        workerAnswering(r -> null);
        ResponseEntity<String> response = user().call(HttpMethod.GET,
                "/api/v1/presets/IdealizedPreset/response-curve?pulses=10", null);
        assertThat(response.getStatusCode().value()).isEqualTo(503);
        assertThat(response.getBody()).contains("answered within 2 s");
    }

    @Test
    void badInputIs400NamingTheFieldAndTheAllowedRangeWithoutBotheringAWorker() {
        workerAnswering(PreviewEndpointsTest::driftFor);
        Client me = user();
        JsonNode tooMany = me.json(HttpMethod.POST, "/api/v1/previews/drift",
                Map.of("noise_model", Map.of("type", "pcm_like"), "samples", 1_000_000, "drift_compensation",
                        "sideways"),
                400);
        assertThat(tooMany.get("errors").findValuesAsString("pointer")).containsExactlyInAnyOrder("/samples",
                "/drift_compensation");
        assertThat(tooMany.get("errors").findValuesAsString("allowed")).contains("2..5000");
        JsonNode pulses = me.json(HttpMethod.GET, "/api/v1/presets/IdealizedPreset/response-curve?pulses=0", null,
                400);
        assertThat(pulses.get("errors").get(0).get("pointer").asString()).isEqualTo("/pulses");
        assertThat(pulses.get("errors").get(0).get("allowed").asString()).isEqualTo("1..2000");
        assertThat(pulses.get("detail").asString()).contains("/pulses", "1 and 2000");
        me.json(HttpMethod.GET, "/api/v1/presets/IdealizedPreset/response-curve?pulses=many", null, 400);
        me.json(HttpMethod.GET, "/api/v1/presets/NoSuchPreset/response-curve", null, 404);
        me.json(HttpMethod.POST, "/api/v1/previews/response-curve", Map.of("pulses", 10), 400);
        assertThat(asked).isEmpty();
    }

    @Test
    void whatTheWorkerRefusesIs400WithItsPointer() {
        workerAnswering(r -> PreviewResponse.rejected(List.of(new Issue("/noise_model/type",
                "unknown noise_model type 'quantum'", "pcm_like, hermes", "invalid"))));
        JsonNode problem = user().json(HttpMethod.POST, "/api/v1/previews/drift",
                Map.of("noise_model", Map.of("type", "quantum")), 400);
        assertThat(problem.get("errors").get(0).get("pointer").asString()).isEqualTo("/noise_model/type");
        assertThat(problem.get("errors").get(0).get("allowed").asString()).contains("hermes");
    }

    @Test
    void anAnswerComesBackInSnakeCaseAndIsServedFromTheCacheTheSecondTime() {
        workerAnswering(PreviewEndpointsTest::driftFor);
        Client me = user();
        Map<String, Object> body = Map.of("noise_model", Map.of("type", "hermes", "drift_scale", 1.5), "seed", 42);
        JsonNode first = me.json(HttpMethod.POST, "/api/v1/previews/drift", body, 200);
        assertThat(first.get("noise_model_type").asString()).isEqualTo("hermes");
        assertThat(first.get("levels")).hasSize(6);
        assertThat(first.get("levels").get(1).get("g_target").asDouble()).isEqualTo(1.0);
        assertThat(first.get("levels").get(0).get("over_time").get(0).get("mean").asDouble()).isEqualTo(42.0);
        // the worker was asked with the graph's defaults filled in
        DriftPreviewRequest sent = (DriftPreviewRequest) asked.getFirst();
        assertThat(sent.levels()).isEqualTo(6);
        assertThat(sent.samples()).isEqualTo(1000);
        assertThat(sent.noiseModel().get("drift_scale").asDouble()).isEqualTo(1.5);

        JsonNode again = user().json(HttpMethod.POST, "/api/v1/previews/drift", body, 200);
        assertThat(again).isEqualTo(first);
        assertThat(asked).hasSize(1);
        me.json(HttpMethod.POST, "/api/v1/previews/drift", Map.of("noise_model", Map.of("type", "hermes"),
                "seed", 43), 200);
        assertThat(asked).hasSize(2);
    }

    @Test
    void aPresetResponseCurveIsAskedForByNameWithTheRequestedPulses() {
        workerAnswering(r -> {
            ResponseCurveRequest c = (ResponseCurveRequest) r;
            return PreviewResponse.of(new PreviewResponse.ResponseCurves(c.preset(), c.pulses(), c.devices(),
                    c.seed(), List.of(new PreviewResponse.DeviceCurve("/device", "constant_step",
                            List.of(0, 1, -1), List.of(0.0, 0.1, 0.0), List.of(0.0, 0.01, 0.02)))));
        });
        JsonNode curve = user().get("/api/v1/presets/IdealizedPreset/response-curve?pulses=25");
        assertThat(curve.get("preset").asString()).isEqualTo("IdealizedPreset");
        assertThat(curve.get("pulses").asInt()).isEqualTo(25);
        assertThat(curve.get("curves").get(0).get("mean")).hasSize(3);
        assertThat(((ResponseCurveRequest) asked.getFirst()).devices())
                .isEqualTo(ResponseCurveRequest.DEFAULT_DEVICES);
    }

    @Test
    void previewsNeedASignedInUserAndNewOnesAreRateLimitedPerUser() {
        assertThat(http.getForEntity("/api/v1/presets/IdealizedPreset/response-curve", String.class)
                .getStatusCode().value()).isEqualTo(401);
        workerAnswering(PreviewEndpointsTest::driftFor);
        Client me = user();
        for (int seed = 0; seed < 6; seed++) {
            me.json(HttpMethod.POST, "/api/v1/previews/drift",
                    Map.of("noise_model", Map.of("type", "pcm_like"), "seed", 1000 + seed), 200);
        }
        JsonNode limited = me.json(HttpMethod.POST, "/api/v1/previews/drift",
                Map.of("noise_model", Map.of("type", "pcm_like"), "seed", 2000), 429);
        assertThat(limited.get("detail").asString()).contains("6 new previews in a minute");
        // what is already known costs no worker time and is still answered
        me.json(HttpMethod.POST, "/api/v1/previews/drift",
                Map.of("noise_model", Map.of("type", "pcm_like"), "seed", 1000), 200);
    }
}
