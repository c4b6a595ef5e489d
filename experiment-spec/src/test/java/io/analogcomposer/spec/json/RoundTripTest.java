package io.analogcomposer.spec.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.analogcomposer.spec.experiment.ExperimentKind;
import io.analogcomposer.spec.experiment.ExperimentSpec;
import io.analogcomposer.spec.network.LayerType;
import io.analogcomposer.spec.rpu.DeviceType;
import io.analogcomposer.spec.rpu.NoiseModelType;
import io.analogcomposer.spec.rpu.RpuType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

class RoundTripTest {

    static String resource(String name) throws IOException {
        try (InputStream in = RoundTripTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/examples/lenet5-pcm-inference.json", "/examples/tiki-taka-3fc-training.json"})
    void aDocumentSurvivesReadingAndWritingUnchanged(String name) throws IOException {
        String json = resource(name);
        ExperimentSpec spec = SpecJson.read(json, ExperimentSpec.class);
        String written = SpecJson.write(spec);

        JsonNode original = SpecJson.mapper().readTree(json);
        JsonNode again = SpecJson.mapper().readTree(written);
        // Numbers may change spelling (3600 → 3600.0) but not value; objects compare regardless of key order.
        assertThat(original.equals(RoundTripTest::sameValue, again)).as(written).isTrue();
        assertThat(SpecJson.read(written, ExperimentSpec.class)).isEqualTo(spec);
    }

    static int sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return Double.compare(a.doubleValue(), b.doubleValue());
        }
        return a.equals(b) ? 0 : 1;
    }

    @Test
    void fieldsKeepAihwkitNamesAndTypesAreSnakeCase() throws IOException {
        ExperimentSpec spec = SpecJson.read(resource("/examples/lenet5-pcm-inference.json"), ExperimentSpec.class);
        assertThat(spec.kind()).isEqualTo(ExperimentKind.INFERENCE);
        assertThat(spec.network().layers().get(0).type()).isEqualTo(LayerType.ANALOG_CONV2D);
        assertThat(spec.rpuConfig().type()).isEqualTo(RpuType.INFERENCE);
        assertThat(spec.rpuConfig().forward().irDropGRatio()).isEqualTo(500000.0);
        assertThat(spec.rpuConfig().noiseModel().type()).isEqualTo(NoiseModelType.PCM_LIKE);
        assertThat(spec.network().layers().get(10).rpuConfig().forward().outNoise()).isEqualTo(0.02);
        assertThat(spec.inference().tInference()).containsExactly(0.0, 1.0, 3600.0, 86400.0, 31536000.0);

        ExperimentSpec tt = SpecJson.read(resource("/examples/tiki-taka-3fc-training.json"), ExperimentSpec.class);
        assertThat(tt.rpuConfig().device().type()).isEqualTo(DeviceType.TRANSFER);
        assertThat(tt.rpuConfig().device().unitCellDevices()).hasSize(2)
                .allSatisfy(d -> assertThat(d.type()).isEqualTo(DeviceType.SOFT_BOUNDS));
        assertThat(tt.rpuConfig().device().transferUpdate().desiredBl()).isEqualTo(1);
    }

    @Test
    void capitalsInJavaNamesEachBecomeAnUnderscore() {
        assertThat(Names.snake("irDropGRatio")).isEqualTo("ir_drop_g_ratio");
        assertThat(Names.snake("nXBins")).isEqualTo("n_x_bins");
        assertThat(Names.snake("vOffsetWMin")).isEqualTo("v_offset_w_min");
        assertThat(Names.snake("pcmT0")).isEqualTo("pcm_t0");
        assertThat(Names.snake("kind")).isEqualTo("kind");
    }

    @Test
    void unknownFieldsAndUnknownEnumValuesAreRejectedByTheMapper() {
        assertThatThrownBy(() -> SpecJson.read("{\"kind\":\"training\",\"epochz\":3}", ExperimentSpec.class))
                .isInstanceOf(JacksonException.class).hasMessageContaining("epochz");
        assertThatThrownBy(() -> SpecJson.read("{\"kind\":\"trainng\"}", ExperimentSpec.class))
                .isInstanceOf(JacksonException.class);
    }
}
