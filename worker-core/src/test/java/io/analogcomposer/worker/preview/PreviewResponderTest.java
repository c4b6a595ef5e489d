package io.analogcomposer.worker.preview;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.messaging.Topology;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.DriftPreviewRequest;
import io.analogcomposer.spec.messages.PreviewRequest;
import io.analogcomposer.spec.messages.PreviewResponse;
import io.analogcomposer.spec.messages.ResponseCurveRequest;
import io.analogcomposer.testsupport.IsolatedServicesInitializer;
import io.analogcomposer.worker.WorkerConfiguration;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * A CPU worker answering preview requests over the real RabbitMQ, asked as the API asks: request/reply with
 * RabbitMQ's direct reply-to.
 */
@SpringBootTest(classes = PreviewResponderTest.App.class, properties = {"composer.worker.backend=cpu",
        "composer.worker.auto-startup=false", "composer.worker.engine.threads=1",
        "spring.rabbitmq.publisher-confirm-type=correlated"})
@ContextConfiguration(initializers = IsolatedServicesInitializer.class)
class PreviewResponderTest {

    @Configuration
    @EnableAutoConfiguration
    @Import(WorkerConfiguration.class)
    static class App {}

    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    Topology topology;
    @Autowired
    @Qualifier("previewContainer")
    SimpleMessageListenerContainer container;

    private PreviewResponse ask(byte[] body) {
        MessageProperties props = new MessageProperties();
        props.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        RabbitTemplate caller = new RabbitTemplate(rabbit.getConnectionFactory());
        caller.setReplyTimeout(20_000);
        Message reply = caller.sendAndReceive(topology.previewExchange(), Topology.PREVIEW_KEY,
                new Message(body, props));
        assertThat(reply).as("an answer within 20 s").isNotNull();
        return SpecJson.read(new String(reply.getBody(), StandardCharsets.UTF_8), PreviewResponse.class);
    }

    private PreviewResponse ask(PreviewRequest request) {
        return ask(SpecJson.write(request).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aCpuWorkerAnswersDriftAndResponseCurveRequests() {
        assertThat(container.isRunning()).isTrue();
        PreviewResponse drift = ask(new DriftPreviewRequest(1, SpecJson.mapper().readTree("{\"type\":\"pcm_like\"}"),
                null, List.of(1.0, 86400.0), 3, 200, 1));
        assertThat(drift.errors()).isEmpty();
        assertThat(drift.drift().levels()).hasSize(3);
        assertThat(drift.drift().levels().getLast().overTime().getLast().mean())
                .isLessThan(drift.drift().levels().getLast().overTime().getFirst().mean());

        PreviewResponse curve = ask(ResponseCurveRequest.ofPreset("IdealizedPreset", 30));
        assertThat(curve.errors()).isEmpty();
        assertThat(curve.responseCurve().curves().getFirst().mean()).hasSize(61);
    }

    @Test
    void aBadOrUnreadableRequestIsAnsweredWithWhatIsWrong() {
        PreviewResponse range = ask(ResponseCurveRequest.ofPreset("IdealizedPreset", 0));
        assertThat(range.errors()).singleElement().satisfies(i -> assertThat(i.pointer()).isEqualTo("/pulses"));
        PreviewResponse junk = ask("{\"kind\":\"teleport\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(junk.errors()).singleElement().satisfies(i -> {
            assertThat(i.code()).isEqualTo("unreadable");
            assertThat(i.message()).contains("teleport");
        });
    }
}
