package io.analogcomposer.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.api.preview.PreviewClient;
import io.analogcomposer.api.web.ApiProblem;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.DriftPreviewRequest;
import io.analogcomposer.spec.messages.PreviewResponse;
import io.analogcomposer.spec.messages.ResponseCurveRequest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The engine-backed previews in the zero-install mode: the embedded broker has no RabbitMQ direct reply-to, so the
 * API's request/reply falls back to a temporary reply queue, answered by the in-process CPU worker.
 */
@ExtendWith(SharedComposer.class)
@Order(1)
class StandalonePreviewTest {

    @Test
    void theInProcessCpuWorkerAnswersPreviewsOverTheEmbeddedBroker(StandaloneComposer composer) throws Exception {
        PreviewClient previews = composer.apiContext().getBean(PreviewClient.class);
        PreviewResponse curve = previews.ask(ResponseCurveRequest.ofPreset("IdealizedPreset", 20));
        assertThat(curve.responseCurve().curves().getFirst().mean()).hasSize(41);
        PreviewResponse drift = previews
                .ask(DriftPreviewRequest.of(SpecJson.mapper().readTree("{\"type\":\"pcm_like\"}"), "global"));
        assertThat(drift.drift().levels()).hasSize(6);
        try {
            previews.ask(DriftPreviewRequest.of(SpecJson.mapper().readTree("{\"type\":\"quantum\"}"), null));
            throw new AssertionError("an unknown noise model must be refused");
        } catch (ApiProblem problem) {
            assertThat(problem.errors().getFirst().pointer()).isEqualTo("/noise_model/type");
        }
    }
}
