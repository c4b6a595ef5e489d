package io.analogcomposer.spec.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.validation.Issue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PreviewMessagesTest {

    private static JsonNode json(String text) {
        return SpecJson.mapper().readTree(text);
    }

    @Test
    void requestsRoundTripThroughTheInterfaceWithTheirKind() {
        List<PreviewRequest> requests = List.of(
                new DriftPreviewRequest(1, json("{\"type\":\"pcm_like\",\"drift_scale\":2}"), "global",
                        List.of(1.0, 3600.0), 4, 100, 7),
                ResponseCurveRequest.ofPreset("ReRamESPreset", 50),
                new ResponseCurveRequest(1, null, json("{\"type\":\"soft_bounds\"}"), 10, 5, 3));
        for (PreviewRequest r : requests) {
            String text = SpecJson.write(r);
            assertThat(json(text).get("kind").asString()).isEqualTo(r.kindName());
            assertThat(SpecJson.read(text, PreviewRequest.class)).isEqualTo(r);
            assertThat(r.problems()).isEmpty();
        }
        assertThat(json(SpecJson.write(requests.get(0))).get("drift_compensation").asString()).isEqualTo("global");
    }

    @Test
    void problemsNameTheFieldAndTheAllowedRange() {
        DriftPreviewRequest drift = new DriftPreviewRequest(1, json("{\"type\":\"pcm_like\"}"), "sideways",
                List.of(1.0, -5.0), 1, 100_000, 0);
        assertThat(drift.problems()).extracting(Issue::pointer).containsExactlyInAnyOrder("/drift_compensation",
                "/levels", "/samples", "/times/1");
        assertThat(drift.problems()).filteredOn(i -> i.pointer().equals("/samples")).singleElement()
                .satisfies(i -> assertThat(i.allowed()).isEqualTo("2.." + DriftPreviewRequest.MAX_SAMPLES));
        assertThat(new DriftPreviewRequest(1, null, null, null, 6, 100, 0).problems()).extracting(Issue::pointer)
                .containsExactly("/noise_model");

        assertThat(new ResponseCurveRequest(1, null, null, 10, 10, 0).problems()).extracting(Issue::pointer)
                .containsExactly("/preset");
        assertThat(new ResponseCurveRequest(1, "IdealizedPreset", json("{\"type\":\"x\"}"), 10, 10, 0).problems())
                .extracting(Issue::pointer).containsExactly("/device");
        assertThat(ResponseCurveRequest.ofPreset("IdealizedPreset", 0).problems()).singleElement()
                .satisfies(i -> assertThat(i.toString()).contains("/pulses", "1.." + ResponseCurveRequest.MAX_PULSES));
    }

    @Test
    void defaultTimesSpanOneSecondToOneYearOnALogGrid() {
        List<Double> t = DriftPreviewRequest.defaultTimes();
        assertThat(t.getFirst()).isEqualTo(1.0);
        assertThat(t.getLast()).isEqualTo(365.0 * 86400);
        assertThat(t).isSorted().hasSizeGreaterThan(25);
    }

    @Test
    void aResponseHoldsExactlyOneOfAnswerAndErrors() {
        PreviewResponse.Stat s = new PreviewResponse.Stat(1, 10, 1, 8, 12);
        PreviewResponse drift = PreviewResponse.of(new PreviewResponse.DriftPreview("pcm_like",
                Map.of("g_max", 25.0), "none", 100, 0, List.of(1.0),
                List.of(new PreviewResponse.Level(10, s, List.of(s), null))));
        String text = SpecJson.write(drift);
        assertThat(SpecJson.read(text, PreviewResponse.class)).isEqualTo(drift);
        assertThat(drift.ok()).isTrue();
        PreviewResponse rejected = PreviewResponse
                .rejected(List.of(new Issue("/noise_model/type", "unknown", "pcm_like", "unknown_value")));
        assertThat(SpecJson.read(SpecJson.write(rejected), PreviewResponse.class)).isEqualTo(rejected);
        assertThat(rejected.ok()).isFalse();
        assertThatThrownBy(() -> new PreviewResponse(1, null, null, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
