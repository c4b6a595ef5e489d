package io.analogcomposer.engine.analog.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.analogcomposer.engine.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine's device presets are the experiment catalogue's (one source of truth: AIHWKit's values). */
class DevicePresetsTest {
    private static final Path CATALOGUE = Path
            .of("../experiment-spec/src/main/resources/io/analogcomposer/spec/catalogue/presets");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> device(String preset) throws IOException {
        Map<String, Object> doc = (Map<String, Object>) Json.parse(Files.readString(CATALOGUE.resolve(preset)));
        Map<String, Object> rpu = (Map<String, Object>) doc.get("rpu_config");
        Map<String, Object> dev = (Map<String, Object>) rpu.get("device");
        if ("one_sided".equals(dev.get("type"))) {
            dev = ((List<Map<String, Object>>) dev.get("unit_cell_devices")).get(0);
        }
        return dev;
    }

    @Test
    void everyDevicePresetMatchesTheCatalogue() throws IOException {
        assertThat(DevicePresets.names()).containsExactly("ReRamES", "ReRamSB", "ReRamArrayOM", "ReRamArrayHfO2",
                "Capacitor", "EcRam", "EcRamMO", "Idealized", "GokmenVlasov", "PCM");
        for (String name : DevicePresets.names()) {
            PulsedDeviceParameters fromCatalogue = DeviceJson.parse(device(name + "Preset.json"));
            PulsedDeviceParameters engine = DevicePresets.get(name);
            // the literal 0.3/1.25 in AIHWKit is written rounded in JSON; compare after rounding to 12 digits
            assertThat(round(fromCatalogue.toString())).as(name).isEqualTo(round(engine.toString()));
        }
    }

    private static String round(String s) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("-?\\d+\\.\\d+(E-?\\d+)?").matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, String.format("%.10g", Double.parseDouble(m.group())));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    @Test
    void presetResponseCurvesSaturateAndReturn() {
        for (String name : List.of("ReRamSB", "EcRam", "GokmenVlasov", "Capacitor")) {
            PulsedDeviceParameters p = DevicePresets.get(name);
            int n = (int) Math.ceil(1.2 / p.dwMin()); // enough pulses to reach the upper bound region
            ResponseCurve c = ResponseCurve.upDown(p, n, 64, 17);
            double top = c.mean()[n];
            assertThat(top).as(name + " top").isGreaterThan(0.3).isLessThanOrEqualTo(p.wMax() * 1.6);
            assertThat(c.mean()[2 * n]).as(name + " after down").isLessThan(top - 0.3);
            assertThat(c.std()[n]).as(name + " spread over devices").isGreaterThan(0);
        }
        ResponseCurve g = ResponseCurve.upDown(DevicePresets.gokmenVlasov(), 100, 2000, 3);
        assertThat((List<?>) g.toJson().get("mean")).hasSize(201);
        List<?> pulses = (List<?>) g.toJson().get("pulse");
        assertThat(pulses.get(0)).isEqualTo(0);
        assertThat(pulses.get(1)).isEqualTo(1);
        assertThat(pulses.get(200)).isEqualTo(-1);
        // constant step below the bounds: mean after k pulses is k dw_min; spread from dtod 0.3 and c2c 0.3
        assertThat(g.mean()[100]).isCloseTo(100 * 0.0016, within(0.16 * 5 * 0.35 / Math.sqrt(2000)));
        assertThat(g.mean()[200]).isCloseTo(0, within(0.16 * 5 * 0.35 / Math.sqrt(2000)));
    }
}
