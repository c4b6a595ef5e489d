package io.analogcomposer.engine.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.analogcomposer.engine.experiment.RunSpec;
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
    void integersReadAsLongAndOtherNumbersAsDoubleWithKeysInTextOrder() {
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = (Map<String, Object>) Json
                .parse("{\"z\": 1, \"a\": 3000000000, \"m\": 2.0, \"b\": 1e3, \"y\": -0.5}");
        assertThat(doc).isInstanceOf(LinkedHashMap.class);
        assertThat(doc.keySet()).containsExactly("z", "a", "m", "b", "y");
        assertThat(doc.values()).containsExactly(1L, 3_000_000_000L, 2.0, 1000.0, -0.5);
        assertThat(doc.values()).extracting(Object::getClass).containsExactly(Long.class, Long.class, Double.class,
                Double.class, Double.class);
        assertThat(Json.parse("[7]")).isEqualTo(List.of(7L));
    }

    @Test
    void writesNumbersAsTheFormerWriterDidSoSavedTrainingStatesKeepTheirFingerprint() {
        // Saved training states are matched by a SHA-256 of Json.write(runSpec.toMap()): the text must not change
        // between versions, or every saved state would be refused on resume. Pinned: the former writer's output.
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "tab\there \"q\" back\\ é \u0001");
        m.put("int", 7);
        m.put("long", 1L << 40);
        m.put("whole", 3.0);
        m.put("negzero", -0.0);
        m.put("tenth", 0.1);
        m.put("small", 1.5e-12);
        m.put("year", 31536000.0);
        m.put("e15", 1e15);
        m.put("e22", 1e22);
        m.put("neg", -2.5);
        m.put("float", 0.1f);
        m.put("nan", Double.NaN);
        m.put("inf", Double.NEGATIVE_INFINITY);
        m.put("bool", true);
        m.put("nil", null);
        m.put("shape", new int[]{2, 3});
        m.put("list", List.of(1, 2.0, List.of(), Map.of()));
        m.put("empty", Map.of());
        assertThat(Json.write(m)).isEqualTo("{\"name\":\"tab\\there \\\"q\\\" back\\\\ é \\u0001\",\"int\":7,"
                + "\"long\":1099511627776,\"whole\":3.0,\"negzero\":0.0,\"tenth\":0.1,\"small\":1.5E-12,"
                + "\"year\":31536000.0,\"e15\":1.0E15,\"e22\":1.0E22,\"neg\":-2.5,\"float\":0.10000000149011612,"
                + "\"nan\":null,\"inf\":null,\"bool\":true,\"nil\":null,\"shape\":[2,3],\"list\":[1,2.0,[],{}],"
                + "\"empty\":{}}");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRunSpecWritesTheTextItsSavedStatesWereFingerprintedWith() {
        RunSpec spec = RunSpec.fromMap((Map<String, Object>) Json.parse("""
                {"name": "LeNet \\"one year\\"", "seed": 42,
                 "dataset": {"name": "fashion-mnist", "validation_fraction": 0.1},
                 "network": {"input_shape": [1, 28, 28], "layers": [
                   {"type": "conv2d", "out_channels": 16, "kernel_size": 5}, {"type": "tanh"},
                   {"type": "max_pool2d", "kernel_size": 2}, {"type": "flatten"},
                   {"type": "linear", "out_features": 10}, {"type": "log_softmax"}]},
                 "training": {"epochs": 10, "batch_size": 64, "loss": "nll",
                   "optimizer": {"type": "sgd", "lr": 5e-2, "momentum": 0.9, "weight_decay": 31536000.0},
                   "lr_schedule": {"type": "multi_step", "milestones": [5, 8], "gamma": 0.1}}}
                """));
        // the former hand-written writer's text for this spec, byte for byte
        assertThat(Json.write(spec.toMap())).isEqualTo("{\"name\":\"LeNet \\\"one year\\\"\",\"seed\":42,"
                + "\"dataset\":{\"name\":\"fashion-mnist\",\"validation_fraction\":0.1,\"max_train_samples\":0,"
                + "\"max_test_samples\":0,\"normalize\":true,\"synthetic_classes\":10,\"synthetic_samples\":1000},"
                + "\"network\":{\"input_shape\":[1,28,28],\"layers\":[{\"type\":\"conv2d\",\"out_channels\":16,"
                + "\"kernel_size\":5},{\"type\":\"tanh\"},{\"type\":\"max_pool2d\",\"kernel_size\":2},"
                + "{\"type\":\"flatten\"},{\"type\":\"linear\",\"out_features\":10},{\"type\":\"log_softmax\"}]},"
                + "\"training\":{\"epochs\":10,\"batch_size\":64,\"loss\":\"nll\",\"optimizer\":{\"type\":\"sgd\","
                + "\"lr\":0.05,\"momentum\":0.9,\"dampening\":0.0,\"weight_decay\":31536000.0,\"nesterov\":false},"
                + "\"lr_schedule\":{\"type\":\"multi_step\",\"milestones\":[5,8],\"gamma\":0.1},\"shuffle\":true}}");
    }

    @Test
    void nonFiniteNumbersBecomeNullInCompactAndPrettyText() {
        assertThat(Json.write(List.of(Double.NaN, Double.POSITIVE_INFINITY, Float.NaN))).isEqualTo("[null,null,null]");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("test_loss", Double.NaN);
        result.put("epochs", List.of(Map.of("loss", Double.POSITIVE_INFINITY)));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("test_loss", null);
        expected.put("epochs", List.of(java.util.Collections.singletonMap("loss", null)));
        assertThat(Json.parse(Json.writePretty(result))).isEqualTo(expected);
    }

    @Test
    void prettyTextIsIndentedAndTheFormerPrettyLayoutStillReads() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", List.of(Map.of("b", 1L)));
        m.put("c", "d");
        String pretty = Json.writePretty(m);
        assertThat(pretty.lines()).hasSizeGreaterThan(3);
        assertThat(pretty).startsWith("{\n  \"a\"");
        // result files written by the former writer (arrays inline, objects indented) read back the same
        assertThat(Json.parse("{\n  \"a\": [{\n      \"b\": 1\n    }],\n  \"c\": \"d\"\n}")).isEqualTo(m);
    }

    @Test
    void malformedTextIsRejectedNamingWhereAndWhat() {
        assertThatThrownBy(() -> Json.parse("{\"a\": 1,}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid JSON at line 1, column 9:")
                .hasMessageContaining("'}'");
        assertThatThrownBy(() -> Json.parse("{\n  \"a\": 1,\n  \"b\" 2\n}"))
                .hasMessageStartingWith("invalid JSON at line 3, column 7:")
                .hasMessageContaining("expecting a colon");
        assertThatThrownBy(() -> Json.parse("[1, 2] x")).hasMessageStartingWith("invalid JSON at line 1, column 8:")
                .hasMessageContaining("'x'");
        assertThatThrownBy(() -> Json.parse("[1, 2]\n [3]"))
                .hasMessage("invalid JSON at line 2, column 2: more text after the JSON value");
        assertThatThrownBy(() -> Json.parse("{\"a\": \"open")).hasMessageStartingWith("invalid JSON at line 1")
                .hasMessageContaining("end-of-input");
        assertThatThrownBy(() -> Json.parse("[NaN]"))
                .hasMessage("invalid JSON at line 1, column 5: Non-standard token 'NaN'");
        assertThatThrownBy(() -> Json.parse("[123456789012345678901234567890]"))
                .hasMessageStartingWith("invalid JSON at line 1, column 32:").hasMessageContaining("out of range");
        assertThatThrownBy(() -> Json.parse(" \n")).hasMessage("invalid JSON: the text is empty");
    }
}
