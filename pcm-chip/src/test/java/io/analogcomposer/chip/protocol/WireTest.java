package io.analogcomposer.chip.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

class WireTest {

    private final JsonMapper mapper = Wire.strictMapper();

    @Test
    void arraysAreBase64OfLittleEndianValues() {
        assertThat(Wire.encode(new int[]{1, 256})).isEqualTo("AQAAAAABAAA=");
        assertThat(Wire.encode(new float[]{1.0f})).isEqualTo("AACAPw==");
        assertThat(Wire.decodeFloats("x", "AACAPw==")).containsExactly(1.0f);
    }

    @Test
    void programRequestRoundTripsWithSnakeCaseNames() {
        ProgramRequest request = new ProgramRequest(new int[]{0, 2049}, new float[]{1.5f, 25f},
                ProgramAndVerify.DEFAULT.withMaxIterations(7));
        String json = mapper.writeValueAsString(request);
        assertThat(json).contains("\"targets_us\":").contains("\"max_iterations\":7").contains("\"tolerance_us\":0.2");
        ProgramRequest back = mapper.readValue(json, ProgramRequest.class);
        assertThat(back.addresses()).containsExactly(0, 2049);
        assertThat(back.targetsUs()).containsExactly(1.5f, 25f);
        assertThat(back.algorithm()).isEqualTo(request.algorithm());
    }

    @Test
    void absentAlgorithmFieldsTakeTheirDefaults() {
        ProgramRequest request = mapper.readValue(
                "{\"addresses\":\"AQAAAA==\",\"targets_us\":\"AACAPw==\",\"algorithm\":{\"tolerance_us\":0.5}}",
                ProgramRequest.class);
        assertThat(request.algorithm()).isEqualTo(new ProgramAndVerify(20, 0.5, 1.0, 4, true));
    }

    @Test
    void outOfRangeParametersNameTheFieldAndTheAllowedRange() {
        assertThatThrownBy(() -> new ProgramAndVerify(0, null, null, null, null))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.error().code()).isEqualTo(ChipError.OUT_OF_RANGE);
                    assertThat(e.error().field()).isEqualTo("algorithm.max_iterations");
                    assertThat(e.error().allowed()).isEqualTo("1..1000");
                });
        assertThatThrownBy(() -> new ReadRequest(new int[]{1}, 5000)).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.error().message()).contains("reads is 5000").contains("1..1024"));
        assertThatThrownBy(() -> new ProgramRequest(new int[]{1, 2}, new float[]{1f}))
                .hasMessageContaining("targets_us: has 1 values but addresses has 2");
        assertThatThrownBy(() -> new ProgramRequest(new int[]{1}, new float[]{Float.NaN}))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.error().field()).isEqualTo("targets_us[0]"));
        assertThatThrownBy(() -> new ResetRequest(new int[]{1}, true)).hasMessageContaining("either addresses or all");
    }

    @Test
    void protocolMajorVersionIsParsed() {
        assertThat(Protocol.majorOf(Protocol.VERSION)).isEqualTo(Protocol.MAJOR);
        assertThat(Protocol.majorOf("pcm-chip/2.3")).isEqualTo(2);
        assertThat(Protocol.majorOf("something/1.0")).isEqualTo(-1);
    }
}
