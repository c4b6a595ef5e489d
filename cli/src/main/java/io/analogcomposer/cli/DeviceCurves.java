package io.analogcomposer.cli;

import io.analogcomposer.engine.analog.device.DeviceJson;
import io.analogcomposer.engine.analog.device.DeviceModel;
import io.analogcomposer.engine.analog.device.ResponseCurve;
import io.analogcomposer.spec.json.SpecJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The pulse response curves of a preset's devices (the composer's "device response" graph), computed with the
 * engine: N up then N down pulses on many independently drawn devices, mean and spread of the weight.
 */
final class DeviceCurves {

    /** One pulsed device of a configuration and its curve; {@code where} is its JSON pointer in the rpu_config. */
    record Curve(String where, String type, ResponseCurve curve) {}

    /** Defaults of the response graph: enough pulses to reach the bounds of every preset device. */
    record Settings(int pulses, int devices, long seed) {
        Settings {
            if (pulses < 1 || devices < 1) {
                throw CliException.usage("--pulses and --devices must be at least 1, were " + pulses + " and "
                        + devices);
            }
        }
    }

    private DeviceCurves() {
    }

    /** Every pulsed device under {@code device} (itself, or the devices of a compound), with its curve. */
    static List<Curve> of(JsonNode device, String where, Settings settings) {
        List<Curve> out = new ArrayList<>();
        collect(device, where, settings, out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void collect(JsonNode device, String where, Settings s, List<Curve> out) {
        if (device == null || !device.isObject()) {
            return;
        }
        String type = ApiClient.text(device, "type");
        if (type != null && isPulsed(type)) {
            Map<String, Object> fields = SpecJson.mapper().convertValue(device, LinkedHashMap.class);
            try {
                out.add(new Curve(where, type,
                        ResponseCurve.upDown(DeviceJson.parse(fields), s.pulses(), s.devices(), s.seed())));
            } catch (IllegalArgumentException e) {
                throw CliException.usage(where + ": " + e.getMessage());
            }
            return;
        }
        JsonNode cells = device.get("unit_cell_devices");
        if (cells != null && cells.isArray()) {
            for (int i = 0; i < cells.size(); i++) {
                collect(cells.get(i), where + "/unit_cell_devices/" + i, s, out);
            }
        }
        collect(device.get("device"), where + "/device", s, out);
    }

    private static boolean isPulsed(String type) {
        try {
            DeviceModel.fromJson(type);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** JSON for scripts: the full arrays. */
    static List<Map<String, Object>> toJson(List<Curve> curves) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Curve c : curves) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("device", c.where());
            m.put("type", c.type());
            m.put("pulses", c.curve().pulses());
            m.put("mean", c.curve().mean());
            m.put("std", c.curve().std());
            list.add(m);
        }
        return list;
    }

    /** For people: every device's curve at about 11 points (start, the up ramp, the down ramp). */
    static String toText(List<Curve> curves) {
        StringBuilder b = new StringBuilder();
        for (Curve c : curves) {
            b.append("Response curve of ").append(c.where()).append(" (").append(c.type()).append("), ")
                    .append((c.curve().pulses().length - 1) / 2).append(" up then down pulses:\n");
            int n = c.curve().mean().length;
            int step = Math.max(1, (n - 1) / 10);
            List<List<String>> rows = new ArrayList<>();
            for (int i = 0; i < n; i += step) {
                rows.add(List.of(Integer.toString(i), direction(c.curve().pulses()[i]), BaseCommand.fmt(c.curve()
                        .mean()[i]), BaseCommand.fmt(c.curve().std()[i])));
            }
            if ((n - 1) % step != 0) {
                int i = n - 1;
                rows.add(List.of(Integer.toString(i), direction(c.curve().pulses()[i]),
                        BaseCommand.fmt(c.curve().mean()[i]), BaseCommand.fmt(c.curve().std()[i])));
            }
            b.append(Table.render(List.of("pulse", "direction", "mean_weight", "std"), rows));
        }
        if (curves.isEmpty()) {
            b.append("(no pulsed device: this configuration has no response curve)\n");
        }
        return b.toString();
    }

    private static String direction(int pulse) {
        return pulse > 0 ? "up" : pulse < 0 ? "down" : "start";
    }
}
