package io.analogcomposer.engine.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void roundTripsNestedValuesWithEscapes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", "quote \" backslash \\ newline \n tab \t unicode é \u0001");
        m.put("int", 42L);
        m.put("neg", -7L);
        m.put("double", 0.1);
        m.put("exp", 1.5e-12);
        m.put("whole", 3.0);
        m.put("bool", true);
        m.put("nothing", null);
        m.put("list", List.of(1L, "a", List.of(), Map.of()));
        Object back = Json.parse(Json.write(m));
        assertThat(back).isEqualTo(m);
        assertThat(Json.parse(Json.writePretty(m))).isEqualTo(m);
    }

    @Test
    void nonFiniteNumbersBecomeNullAndBadTextIsRejected() {
        assertThat(Json.write(List.of(Double.NaN, Double.POSITIVE_INFINITY))).isEqualTo("[null,null]");
        assertThatThrownBy(() -> Json.parse("{\"a\": 1,}")).hasMessageContaining("invalid JSON at offset");
        assertThatThrownBy(() -> Json.parse("[1, 2] x")).hasMessageContaining("trailing characters");
    }
}
