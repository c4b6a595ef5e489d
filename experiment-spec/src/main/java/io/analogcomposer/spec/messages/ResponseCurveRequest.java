package io.analogcomposer.spec.messages;

import io.analogcomposer.spec.validation.Issue;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The pulse response of a preset's devices, or of one device object: starting from 0, {@code pulses} up pulses then
 * as many down pulses on {@code devices} independently drawn devices (the preset explorer's graph, tutorial
 * Fig. 15). Exactly one of {@code preset} and {@code device} is given.
 *
 * @param preset a preset name of the catalogue
 * @param device a device object as in {@code rpu_config.device}, e.g. {@code {"type": "soft_bounds"}}
 */
public record ResponseCurveRequest(int messageVersion, String preset, JsonNode device, int pulses, int devices,
        long seed) implements PreviewRequest {

    public static final int MAX_PULSES = 2000;
    public static final int MAX_DEVICES = 500;
    public static final int DEFAULT_PULSES = 200;
    public static final int DEFAULT_DEVICES = 100;

    public static ResponseCurveRequest ofPreset(String preset, int pulses) {
        return new ResponseCurveRequest(RunMessage.VERSION, preset, null, pulses, DEFAULT_DEVICES, 0);
    }

    @Override
    public List<Issue> problems() {
        List<Issue> out = new ArrayList<>();
        boolean hasPreset = preset != null && !preset.isBlank();
        boolean hasDevice = device != null && !device.isNull();
        if (hasPreset == hasDevice) {
            out.add(new Issue(hasPreset ? "/device" : "/preset", "give either a preset name or a device object",
                    "exactly one of preset, device", "required"));
        }
        if (hasDevice && !device.isObject()) {
            out.add(new Issue("/device", "must be a device object, e.g. {\"type\": \"soft_bounds\"}", null,
                    "wrong_type"));
        }
        PreviewRequest.range(out, "/pulses", pulses, 1, MAX_PULSES);
        PreviewRequest.range(out, "/devices", devices, 1, MAX_DEVICES);
        return out;
    }
}
