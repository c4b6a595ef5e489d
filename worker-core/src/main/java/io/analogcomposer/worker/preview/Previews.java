package io.analogcomposer.worker.preview;

import io.analogcomposer.engine.analog.config.ConfigMaps;
import io.analogcomposer.engine.analog.device.DeviceJson;
import io.analogcomposer.engine.analog.device.DeviceModel;
import io.analogcomposer.engine.analog.device.ResponseCurve;
import io.analogcomposer.engine.analog.inference.DriftPreview;
import io.analogcomposer.engine.analog.inference.NoiseModel;
import io.analogcomposer.spec.catalogue.Catalogue;
import io.analogcomposer.spec.catalogue.PresetInfo;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.DriftPreviewRequest;
import io.analogcomposer.spec.messages.PreviewRequest;
import io.analogcomposer.spec.messages.PreviewResponse;
import io.analogcomposer.spec.messages.ResponseCurveRequest;
import io.analogcomposer.spec.validation.Issue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Answers preview requests with the simulator engine. Never throws for a bad request: what the engine refuses comes
 * back as issues naming the request's field, so the browser can show it next to the setting the user changed.
 */
public final class Previews {

    private final Catalogue catalogue;

    public Previews(Catalogue catalogue) {
        this.catalogue = catalogue;
    }

    public PreviewResponse answer(PreviewRequest request) {
        List<Issue> problems = request.problems();
        if (!problems.isEmpty()) {
            return PreviewResponse.rejected(problems);
        }
        return switch (request) {
            case DriftPreviewRequest drift -> drift(drift);
            case ResponseCurveRequest curve -> responseCurve(curve);
        };
    }

    private PreviewResponse drift(DriftPreviewRequest request) {
        NoiseModel model;
        Map<String, Object> fields = SpecJson.mapper().convertValue(request.noiseModel(), LinkedHashMap.class);
        try {
            model = SpecNoiseModels.of(fields);
        } catch (IllegalArgumentException | ClassCastException e) {
            String type = fields.get("type") == null ? "pcm_like" : fields.get("type").toString();
            boolean unknownType = !SpecNoiseModels.TYPES.contains(type);
            return PreviewResponse.rejected(List.of(new Issue(unknownType ? "/noise_model/type" : "/noise_model",
                    e.getMessage(), unknownType ? String.join(", ", SpecNoiseModels.TYPES) : null, "invalid")));
        }
        double[] times = request.timesOrDefault().stream().mapToDouble(Double::doubleValue).toArray();
        List<DriftPreview.Curve> curves;
        try {
            curves = DriftPreview.compute(model, DriftPreview.levels(model, request.levels()), times,
                    request.samples(), request.seed());
        } catch (IllegalArgumentException e) {
            return PreviewResponse.rejected(List.of(new Issue("/noise_model", e.getMessage(), null, "invalid")));
        }
        String compensation = request.driftCompensation() == null ? "none" : request.driftCompensation();
        double[] factor = compensationFactors(curves, times.length, !compensation.equals("none"));
        List<PreviewResponse.Level> levels = new ArrayList<>();
        for (DriftPreview.Curve c : curves) {
            List<PreviewResponse.Stat> over = new ArrayList<>(), compensated = new ArrayList<>();
            for (int i = 0; i < c.overTime().size(); i++) {
                DriftPreview.Stat s = c.overTime().get(i);
                over.add(stat(s, 1));
                if (factor != null) {
                    compensated.add(stat(s, factor[i]));
                }
            }
            levels.add(new PreviewResponse.Level(c.gTarget(), stat(c.programmed(), 1), over, compensated));
        }
        return PreviewResponse.of(new PreviewResponse.DriftPreview(
                fields.get("type") == null ? "pcm_like" : fields.get("type").toString(),
                ConfigMaps.toMap((Record) model), compensation, request.samples(), request.seed(),
                Arrays.stream(times).boxed().toList(), levels));
    }

    /**
     * The factor a global drift compensation divides every read-out by at each time: the summed read-out of all
     * devices now over the same sum right after programming (AIHWKit's {@code GlobalDriftCompensation} reads the
     * tile with an all-ones input, which sums the conductances of each column). Here the levels stand for the
     * devices of one tile, so one factor serves every level; per-column compensation, whose columns mix levels in a
     * real network, is shown with the same factor. Null without compensation.
     */
    static double[] compensationFactors(List<DriftPreview.Curve> curves, int times, boolean compensate) {
        if (!compensate) {
            return null;
        }
        double baseline = 0;
        double[] now = new double[times];
        for (DriftPreview.Curve c : curves) {
            baseline += c.programmed().mean();
            for (int i = 0; i < times; i++) {
                now[i] += c.overTime().get(i).mean();
            }
        }
        double[] factor = new double[times];
        for (int i = 0; i < times; i++) {
            factor[i] = baseline > 0 && now[i] > 0 ? now[i] / baseline : 1;
        }
        return factor;
    }

    private static PreviewResponse.Stat stat(DriftPreview.Stat s, double divideBy) {
        return new PreviewResponse.Stat(s.time(), s.mean() / divideBy, s.std() / divideBy, s.p05() / divideBy,
                s.p95() / divideBy);
    }

    private PreviewResponse responseCurve(ResponseCurveRequest request) {
        JsonNode device;
        String where;
        if (request.preset() != null && !request.preset().isBlank()) {
            PresetInfo preset = catalogue.preset(request.preset()).orElse(null);
            if (preset == null) {
                return PreviewResponse.rejected(List.of(new Issue("/preset",
                        "no preset named '" + request.preset() + "'",
                        String.join(", ", catalogue.presets().stream().map(PresetInfo::name).toList()),
                        "unknown_value")));
            }
            device = preset.rpuConfig().get("device");
            where = "/device";
        } else {
            device = request.device();
            where = "";
        }
        List<PreviewResponse.DeviceCurve> curves = new ArrayList<>();
        List<Issue> errors = new ArrayList<>();
        collect(device, where, request, curves, errors);
        if (!errors.isEmpty()) {
            return PreviewResponse.rejected(errors);
        }
        if (request.device() != null && curves.isEmpty()) {
            return PreviewResponse.rejected(List.of(new Issue("/device/type",
                    "not a pulsed device and holds none, so it has no response curve", pulsedModels(), "invalid")));
        }
        return PreviewResponse.of(new PreviewResponse.ResponseCurves(request.preset(), request.pulses(),
                request.devices(), request.seed(), curves));
    }

    /** Every pulsed device under {@code device}: itself, or the unit cells (and inner device) of a compound. */
    @SuppressWarnings("unchecked")
    private static void collect(JsonNode device, String where, ResponseCurveRequest request,
            List<PreviewResponse.DeviceCurve> out, List<Issue> errors) {
        if (device == null || !device.isObject()) {
            return;
        }
        JsonNode type = device.get("type");
        if (type != null && type.isString() && isPulsed(type.asString())) {
            Map<String, Object> fields = SpecJson.mapper().convertValue(device, LinkedHashMap.class);
            try {
                ResponseCurve c = ResponseCurve.upDown(DeviceJson.parse(fields), request.pulses(), request.devices(),
                        request.seed());
                out.add(new PreviewResponse.DeviceCurve(where, type.asString(),
                        Arrays.stream(c.pulses()).boxed().toList(), Arrays.stream(c.mean()).boxed().toList(),
                        Arrays.stream(c.std()).boxed().toList()));
            } catch (IllegalArgumentException | ClassCastException e) {
                errors.add(new Issue(where.isEmpty() ? "/device" : where, e.getMessage(), null, "invalid"));
            }
            return;
        }
        JsonNode cells = device.get("unit_cell_devices");
        if (cells != null && cells.isArray()) {
            for (int i = 0; i < cells.size(); i++) {
                collect(cells.get(i), where + "/unit_cell_devices/" + i, request, out, errors);
            }
        }
        collect(device.get("device"), where + "/device", request, out, errors);
    }

    private static boolean isPulsed(String type) {
        return Arrays.stream(DeviceModel.values()).anyMatch(m -> m.jsonName().equals(type));
    }

    private static String pulsedModels() {
        return String.join(", ", Arrays.stream(DeviceModel.values()).map(DeviceModel::jsonName).toList());
    }
}
