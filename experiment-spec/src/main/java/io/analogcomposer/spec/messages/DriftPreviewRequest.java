package io.analogcomposer.spec.messages;

import io.analogcomposer.spec.validation.Issue;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * How devices programmed to several target conductances spread and drift over time under a noise model (the
 * composer's drift graph on the inference setup page, tutorial Fig. 18).
 *
 * @param noiseModel the experiment format's {@code rpu_config.noise_model} object ({@code type} and its fields)
 * @param driftCompensation the experiment format's {@code rpu_config.drift_compensation} ({@code null} or
 *        {@code none} for none); with one, the graph also shows the conductances as the compensated read-out sees
 *        them
 * @param times seconds after programming, each in {@code (0, MAX_TIME]}; {@code null} for {@link #defaultTimes()}
 * @param levels how many evenly spaced target conductances, from 0 to the model's g_max
 * @param samples devices programmed per level
 * @param seed the random seed; the same request always gives the same answer
 */
public record DriftPreviewRequest(int messageVersion, JsonNode noiseModel, String driftCompensation,
        List<Double> times, int levels, int samples, long seed) implements PreviewRequest {

    public static final int MAX_LEVELS = 10;
    public static final int MAX_SAMPLES = 5000;
    public static final int MAX_TIMES = 40;
    /** About a century: the composer's times stop at years. */
    public static final double MAX_TIME = 3.2e9;
    public static final List<String> DRIFT_COMPENSATIONS = List.of("none", "global", "global_exact", "per_column");

    public DriftPreviewRequest {
        times = times == null ? null : List.copyOf(times);
    }

    /** The graph's defaults for a noise model: 6 levels, 1000 devices each, 1 s to 1 year, seed 0. */
    public static DriftPreviewRequest of(JsonNode noiseModel, String driftCompensation) {
        return new DriftPreviewRequest(RunMessage.VERSION, noiseModel, driftCompensation, null, 6, 1000, 0);
    }

    /** 1 s to one year, four points per decade. */
    public static List<Double> defaultTimes() {
        List<Double> t = new ArrayList<>();
        double year = 365.0 * 86400;
        for (int i = 0;; i++) {
            double v = Math.pow(10, i / 4.0);
            if (v >= year) {
                break;
            }
            t.add(v);
        }
        t.add(year);
        return t;
    }

    /** The times this request asks for. */
    public List<Double> timesOrDefault() {
        return times == null ? defaultTimes() : times;
    }

    @Override
    public List<Issue> problems() {
        List<Issue> out = new ArrayList<>();
        if (noiseModel == null || !noiseModel.isObject()) {
            out.add(new Issue("/noise_model", "a noise model object is required, e.g. {\"type\": \"pcm_like\"}", null,
                    "required"));
        } else if (noiseModel.has("type") && !noiseModel.get("type").isString()) {
            out.add(new Issue("/noise_model/type", "must be a string naming a noise model", null, "wrong_type"));
        }
        if (driftCompensation != null && !DRIFT_COMPENSATIONS.contains(driftCompensation)) {
            out.add(new Issue("/drift_compensation", "unknown drift compensation '" + driftCompensation + "'",
                    String.join(", ", DRIFT_COMPENSATIONS), "unknown_value"));
        }
        PreviewRequest.range(out, "/levels", levels, 2, MAX_LEVELS);
        PreviewRequest.range(out, "/samples", samples, 2, MAX_SAMPLES);
        if (times != null) {
            if (times.isEmpty() || times.size() > MAX_TIMES) {
                out.add(new Issue("/times", "needs 1 to " + MAX_TIMES + " times, had " + times.size(),
                        "1.." + MAX_TIMES + " values", "out_of_range"));
            }
            for (int i = 0; i < times.size(); i++) {
                Double t = times.get(i);
                if (t == null || !(t > 0 && t <= MAX_TIME)) {
                    out.add(new Issue("/times/" + i, "a time must be > 0 and at most " + MAX_TIME + " s, was " + t,
                            "(0, " + MAX_TIME + "] s", "out_of_range"));
                }
            }
        }
        return out;
    }
}
