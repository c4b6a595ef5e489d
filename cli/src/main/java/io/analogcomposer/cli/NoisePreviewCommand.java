package io.analogcomposer.cli;

import io.analogcomposer.engine.analog.config.ConfigMaps;
import io.analogcomposer.engine.analog.inference.DriftPreview;
import io.analogcomposer.engine.analog.inference.InferenceEvaluator;
import io.analogcomposer.engine.analog.inference.NoiseModel;
import io.analogcomposer.engine.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aimc noise-preview}: how programmed conductances spread and drift over time, as JSON. */
@Command(name = "noise-preview", mixinStandardHelpOptions = true, description = "Mean, spread, percentiles and "
        + "fraction of exact zeros of device conductance over time for programmed target levels (the composer's drift "
        + "graph), with the statistics of the drawn drift parameter (exponent nu), printed as JSON. Options the chosen "
        + "model does not read are refused.")
final class NoisePreviewCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", defaultValue = "pcm_like", description = "Noise model: ${COMPLETION-CANDIDATES}", completionCandidates = Models.class)
    String model;

    @Option(names = "--g-max", description = "Maximal conductance in µS (pcm_like, state_independent).")
    Double gMax;

    @Option(names = "--prog-noise-scale", defaultValue = "1")
    double progNoiseScale;

    @Option(names = "--read-noise-scale", defaultValue = "1")
    double readNoiseScale;

    @Option(names = "--drift-scale", defaultValue = "1")
    double driftScale;

    @Option(names = "--drift-nu-mean", description = "Mean drift exponent (state_independent).")
    Double nuMean;

    @Option(names = "--drift-nu-std", description = "Spread of the drift exponent (state_independent).")
    Double nuStd;

    @Option(names = "--num-devices", description = "1 or 2 (hermes).")
    Integer numDevices;

    @Option(names = "--levels", defaultValue = "6", description = "Number of evenly spaced target levels from g_min to g_max.")
    int levels;

    @Option(names = "--g", split = ",", description = "Explicit target conductances in µS (instead of --levels).")
    List<Double> targets;

    @Option(names = "--times", split = ",", description = "Times in seconds (default: the composer grid up to --inference-time).")
    List<Double> times;

    @Option(names = "--inference-time", defaultValue = "31536000", description = "Last time of the composer grid, seconds (default one year).")
    double inferenceTime;

    @Option(names = "--samples", defaultValue = "2000", description = "Devices per level.")
    int samples;

    @Option(names = "--seed", defaultValue = "0")
    long seed;

    static final class Models extends ArrayList<String> {
        Models() {
            super(ConfigMaps.NOISE_MODELS);
        }
    }

    @Override
    public Integer call() {
        try {
            return run();
        } catch (IllegalArgumentException e) {
            // a bad option value is the user's input error: one line naming it, no stack trace
            spec.commandLine().getErr().println("aimc noise-preview: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return ExitCodes.USAGE;
        }
    }

    /** The model options and the noise_model field each sets. */
    private static final Map<String, String> MODEL_OPTIONS = new LinkedHashMap<>();
    static {
        MODEL_OPTIONS.put("--g-max", "g_max");
        MODEL_OPTIONS.put("--prog-noise-scale", "prog_noise_scale");
        MODEL_OPTIONS.put("--read-noise-scale", "read_noise_scale");
        MODEL_OPTIONS.put("--drift-scale", "drift_scale");
        MODEL_OPTIONS.put("--drift-nu-mean", "drift_nu_mean");
        MODEL_OPTIONS.put("--drift-nu-std", "drift_nu_std");
        MODEL_OPTIONS.put("--num-devices", "num_devices");
    }

    /** Refuses a model option given on the command line that the chosen model does not read (it would be ignored). */
    private void refuseUnreadOptions() {
        List<String> reads = ConfigMaps.NOISE_MODEL_FIELDS.get(model);
        if (reads == null) {
            throw new IllegalArgumentException("unknown --model '" + model + "', known: " + ConfigMaps.NOISE_MODELS);
        }
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        List<String> readOptions = new ArrayList<>();
        MODEL_OPTIONS.forEach((option, field) -> {
            if (reads.contains(field)) {
                readOptions.add(option);
            }
        });
        for (var e : MODEL_OPTIONS.entrySet()) {
            if (parsed.hasMatchedOption(e.getKey()) && !reads.contains(e.getValue())) {
                throw new IllegalArgumentException(e.getKey() + " is not read by the " + model + " model, so it "
                        + "would change nothing; " + model + " reads "
                        + (readOptions.isEmpty() ? "none of the model options" : String.join(", ", readOptions)));
            }
        }
    }

    private Integer run() {
        refuseUnreadOptions();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", model);
        m.put("prog_noise_scale", progNoiseScale);
        m.put("read_noise_scale", readNoiseScale);
        m.put("drift_scale", driftScale);
        putIf(m, "g_max", gMax);
        putIf(m, "drift_nu_mean", nuMean);
        putIf(m, "drift_nu_std", nuStd);
        putIf(m, "num_devices", numDevices);
        NoiseModel nm = ConfigMaps.noiseModel(m);
        double[] g = targets != null
                ? targets.stream().mapToDouble(Double::doubleValue).toArray()
                : DriftPreview.levels(nm, levels);
        double[] t = times != null
                ? times.stream().mapToDouble(Double::doubleValue).toArray()
                : InferenceEvaluator.composerTimes(inferenceTime);
        List<DriftPreview.Curve> curves = DriftPreview.compute(nm, g, t, samples, seed);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("noise_model", ConfigMaps.toMap((Record) nm));
        out.put("samples", samples);
        out.put("seed", seed);
        List<Object> cs = new ArrayList<>();
        for (DriftPreview.Curve c : curves) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("g_target", c.gTarget());
            cm.put("programmed", ConfigMaps.toMap(c.programmed()));
            List<Object> pts = new ArrayList<>();
            for (DriftPreview.Stat s : c.overTime()) {
                pts.add(ConfigMaps.toMap(s));
            }
            cm.put("over_time", pts);
            cm.put("drift_parameter", ConfigMaps.toMap(c.driftParameter()));
            cs.add(cm);
        }
        out.put("curves", cs);
        spec.commandLine().getOut().println(Json.writePretty(out));
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static void putIf(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
