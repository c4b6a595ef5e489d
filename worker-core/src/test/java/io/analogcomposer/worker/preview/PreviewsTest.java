package io.analogcomposer.worker.preview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.analogcomposer.spec.catalogue.Catalogue;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.DriftPreviewRequest;
import io.analogcomposer.spec.messages.PreviewResponse;
import io.analogcomposer.spec.messages.ResponseCurveRequest;
import io.analogcomposer.spec.validation.Issue;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PreviewsTest {

    private static final double YEAR = 365.0 * 86400;
    private final Previews previews = new Previews(Catalogue.get());

    private static JsonNode json(String text) {
        return SpecJson.mapper().readTree(text);
    }

    private PreviewResponse.DriftPreview drift(String noiseModel, String compensation) {
        PreviewResponse r = previews.answer(new DriftPreviewRequest(1, json(noiseModel), compensation,
                List.of(1.0, 3600.0, YEAR), 6, 2000, 11));
        assertThat(r.errors()).isEmpty();
        return r.drift();
    }

    /** Mean conductance of the g_max level at one year over right after programming. */
    private static double topDecay(PreviewResponse.DriftPreview d) {
        PreviewResponse.Level top = d.levels().getLast();
        return top.overTime().getLast().mean() / top.programmed().mean();
    }

    @Test
    void pcmDevicesAtGMaxLoseHalfTheirConductanceInAYearAsThePcmDriftLawSays() {
        PreviewResponse.DriftPreview d = drift("{\"type\":\"pcm_like\"}", null);
        assertThat(d.levels()).hasSize(6);
        assertThat(d.levels().getLast().gTarget()).isEqualTo(25.0);
        assertThat(d.levels().getFirst().gTarget()).isEqualTo(0.0);
        // At g_T = g_max the drift exponent is |N(0.049, 0.008)| (AIHWKit's PCM fit); with t0 = 20 s,
        // E[(t'/t0)^-ν] = exp(-0.049 L + (0.008 L)^2 / 2), L = ln((1 year + 20 s) / 20 s): 0.500.
        double l = Math.log((YEAR + 20) / 20);
        assertThat(topDecay(d)).isCloseTo(Math.exp(-0.049 * l + Math.pow(0.008 * l, 2) / 2), within(0.01));
        // programming noise at g_T = g_max: AIHWKit's polynomial 0.26348 + 1.9650 x - 1.1731 x² (µS) at x = 1, i.e.
        // 1.0554 µS. 1,000 devices estimate a std to ±2.2 % (1/sqrt(2·1000)), so ±0.08 µS is 3.4 standard errors,
        // while a polynomial evaluated in µS instead of g/g_max, or with a coefficient lost, is off by far more
        assertThat(d.levels().getLast().programmed().std()).isCloseTo(0.26348 + 1.9650 - 1.1731, within(0.08));
        assertThat(d.driftCompensation()).isEqualTo("none");
        assertThat(d.levels().getLast().compensated()).isEmpty();
        assertThat(d.noiseModel()).containsKey("drift_scale");
    }

    @Test
    void theDriftScaleMultipliesTheDriftExponent() {
        PreviewResponse.DriftPreview d = drift("{\"type\":\"pcm_like\",\"drift_scale\":2}", null);
        double l = Math.log((YEAR + 20) / 20);
        assertThat(topDecay(d)).isCloseTo(Math.exp(-0.098 * l + Math.pow(0.016 * l, 2) / 2), within(0.01));
    }

    @Test
    void globalCompensationDividesByTheSummedReadOutOverItsValueAfterProgramming() {
        PreviewResponse.DriftPreview plain = drift("{\"type\":\"pcm_like\"}", null);
        PreviewResponse.DriftPreview comp = drift("{\"type\":\"pcm_like\"}", "global");
        double programmed = 0, now = 0;
        for (PreviewResponse.Level level : plain.levels()) {
            programmed += level.programmed().mean();
            now += level.overTime().getLast().mean();
        }
        PreviewResponse.Level top = comp.levels().getLast();
        assertThat(top.compensated().getLast().mean())
                .isCloseTo(top.overTime().getLast().mean() * programmed / now, within(1e-9));
        // the compensated top level is back near its programmed value, where the raw one lost half
        assertThat(top.compensated().getLast().mean() / top.programmed().mean()).isBetween(0.85, 1.25);
        assertThat(comp.driftCompensation()).isEqualTo("global");
    }

    @Test
    void theFormatsNamesReachTheEngineGenericDriftAndTheProgrammingPolynomial() {
        // generic device: ν ~ |N(0.2, 0.01)| for every level, so the g_max level decays by about (t'/t0)^-0.2
        PreviewResponse.DriftPreview generic = drift(
                "{\"type\":\"generic\",\"drift_nu_mean\":0.2,\"drift_nu_std\":0.01}", null);
        double l = Math.log((YEAR + 20) / 20);
        assertThat(topDecay(generic)).isCloseTo(Math.exp(-0.2 * l + Math.pow(0.01 * l, 2) / 2), within(0.01));
        // a constant programming-noise polynomial of 2 µS spreads every level by 2 µS right after programming
        PreviewResponse.DriftPreview wide = drift("{\"type\":\"pcm_like\",\"prog_coeff\":[2.0]}", null);
        assertThat(wide.levels().get(3).programmed().std()).isCloseTo(2.0, within(0.15));
        PreviewResponse.DriftPreview table = drift("{\"type\":\"custom_drift_pcm\",\"drift_g_list\":[0,25],"
                + "\"drift_nu_mean_list\":[0.1,0.1],\"drift_nu_std_list\":[0.0,0.0]}", null);
        assertThat(topDecay(table)).isCloseTo(Math.exp(-0.1 * l), within(0.01));
    }

    @Test
    void theSameRequestGivesTheSameAnswer() {
        assertThat(drift("{\"type\":\"hermes\"}", null)).isEqualTo(drift("{\"type\":\"hermes\"}", null));
    }

    @Test
    void whatTheEngineRefusesComesBackAsIssuesNamingTheField() {
        PreviewResponse unknown = previews.answer(DriftPreviewRequest.of(json("{\"type\":\"quantum\"}"), null));
        assertThat(unknown.errors()).singleElement().satisfies(i -> {
            assertThat(i.pointer()).isEqualTo("/noise_model/type");
            assertThat(i.allowed()).contains("pcm_like", "generic", "custom_drift_pcm", "hermes");
        });
        PreviewResponse negative = previews
                .answer(DriftPreviewRequest.of(json("{\"type\":\"pcm_like\",\"drift_scale\":-1}"), null));
        assertThat(negative.errors()).singleElement().satisfies(i -> {
            assertThat(i.pointer()).isEqualTo("/noise_model");
            assertThat(i.message()).contains("drift_scale");
        });
        PreviewResponse tooMany = previews.answer(new DriftPreviewRequest(1, json("{}"), null, null, 6, 1_000_000, 0));
        assertThat(tooMany.errors()).extracting(Issue::pointer).containsExactly("/samples");
    }

    @Test
    void aLinearStepDeviceClimbsWithUpPulsesAndReturnsWithDownPulses() {
        PreviewResponse r = previews.answer(ResponseCurveRequest.ofPreset("CapacitorPreset", 100));
        assertThat(r.errors()).isEmpty();
        PreviewResponse.DeviceCurve c = r.responseCurve().curves().getFirst();
        assertThat(c.device()).isEqualTo("/device");
        assertThat(c.type()).isEqualTo("linear_step");
        assertThat(c.mean()).hasSize(201);
        assertThat(c.pulse().get(1)).isEqualTo(1);
        assertThat(c.pulse().get(150)).isEqualTo(-1);
        // dw_min 0.005 per pulse, slightly less as gamma = 0.05 flattens the step towards the bound
        assertThat(c.mean().get(100)).isBetween(0.4, 0.52);
        assertThat(Math.abs(c.mean().get(200))).isLessThan(0.08);
        assertThat(c.std().get(100)).isGreaterThan(0.0);
    }

    @Test
    void aCompoundPresetHasACurvePerUnitCellAndAnInferencePresetNone() {
        PreviewResponse r = previews.answer(ResponseCurveRequest.ofPreset("ReRamES2Preset", 20));
        assertThat(r.responseCurve().curves()).extracting(PreviewResponse.DeviceCurve::device)
                .containsExactly("/device/unit_cell_devices/0", "/device/unit_cell_devices/1");
        assertThat(previews.answer(ResponseCurveRequest.ofPreset("InferenceRPUConfig", 20)).responseCurve().curves())
                .isEmpty();
    }

    @Test
    void anUnknownPresetOrANonPulsedDeviceIsNamedWithWhatIsAllowed() {
        PreviewResponse unknown = previews.answer(ResponseCurveRequest.ofPreset("NoSuchPreset", 20));
        assertThat(unknown.errors()).singleElement().satisfies(i -> {
            assertThat(i.pointer()).isEqualTo("/preset");
            assertThat(i.allowed()).contains("CapacitorPreset");
        });
        PreviewResponse ideal = previews
                .answer(new ResponseCurveRequest(1, null, json("{\"type\":\"warp_drive\"}"), 20, 10, 0));
        assertThat(ideal.errors()).singleElement().satisfies(i -> {
            assertThat(i.pointer()).isEqualTo("/device/type");
            assertThat(i.allowed()).contains("soft_bounds");
        });
        PreviewResponse badField = previews
                .answer(new ResponseCurveRequest(1, null, json("{\"type\":\"soft_bounds\",\"dw_mni\":1}"), 20, 10, 0));
        assertThat(badField.errors()).singleElement().satisfies(i -> assertThat(i.message()).contains("dw_mni"));
    }

    @Test
    void onlyCpuWorkersAnswerUnlessConfigured() {
        assertThat(new PreviewProperties(null, 1).enabledFor("cpu")).isTrue();
        assertThat(new PreviewProperties(null, 1).enabledFor("gpu")).isFalse();
        assertThat(new PreviewProperties(true, 1).enabledFor("hardware")).isTrue();
        assertThat(new PreviewProperties(false, 1).enabledFor("cpu")).isFalse();
    }
}
