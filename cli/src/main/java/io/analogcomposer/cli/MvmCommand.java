package io.analogcomposer.cli;

import io.analogcomposer.engine.analog.config.ConfigMaps;
import io.analogcomposer.engine.analog.config.InferenceRpuConfig;
import io.analogcomposer.engine.analog.io.MvmStatistics;
import io.analogcomposer.engine.analog.nn.AnalogLinear;
import io.analogcomposer.engine.analog.util.Npy;
import io.analogcomposer.engine.json.Json;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Tensor;
import io.analogcomposer.spec.validation.Hints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code aimc mvm}: error statistics of the analog product of W and X against the exact one, as JSON. The product runs
 * through an analog linear layer built from the whole inference rpu_config, so the mapping (tile splits, weight
 * scaling), the forward periphery and, with {@code --t-inference}, the noise model and drift compensation all act.
 */
@Command(name = "mvm", mixinStandardHelpOptions = true, description = "Runs the analog MVM of weights W [out, in] on "
        + "inputs X [batch, in] (.npy files) repeatedly through an analog linear layer built from the inference "
        + "rpu_config (forward, mapping: max_input_size/max_output_size split the layer over tiles, weight scaling; "
        + "with --t-inference the weights are programmed with the noise_model and drifted, with drift_compensation) "
        + "and prints the error statistics against the exact product as JSON.", footer = {"", "Examples:",
                "  aimc mvm --weights w.npy --inputs x.npy --rpu-config cfg.json",
                "  aimc mvm --weights w.npy --inputs x.npy --preset aihwkit_inference --t-inference 86400", "",
                "cfg.json: {\"preset\": ..., \"forward\": {...}, \"mapping\": {\"max_input_size\": 64}, "
                        + "\"noise_model\": {\"type\": \"pcm_like\"}, \"drift_compensation\": \"global\", ...}; "
                        + "unknown keys are refused."})
final class MvmCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--weights", required = true, description = "W as .npy, shape [out, in] (normalized weights, |w| <= 1).")
    Path weights;

    @Option(names = "--inputs", required = true, description = "X as .npy, shape [batch, in].")
    Path inputs;

    @Option(names = "--rpu-config", description = "JSON file with the inference rpu_config: preset, forward, mapping, "
            + "noise_model, drift_compensation, modifier, clip, remap, pre_post (default: AIHWKit's inference defaults).")
    Path rpuConfig;

    @Option(names = "--preset", description = "Preset name instead of --rpu-config: composer_web, composer_web_old, aihwkit_standard_hwa, aihwkit_inference, floating_point.")
    String preset;

    @Option(names = "--repeats", defaultValue = "10")
    int repeats;

    @Option(names = "--seed", defaultValue = "0")
    long seed;

    @Option(names = "--t-inference", paramLabel = "SECONDS", description = "Program the weights with the noise model "
            + "and drift them to this time after programming (read noise, drift compensation) before the MVMs; "
            + "without it the noise model is not applied, as in AIHWKit before programming.")
    Double tInference;

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() {
        try {
            return run();
        } catch (IllegalArgumentException | java.io.UncheckedIOException | IOException | ClassCastException e) {
            // a bad file or configuration is the user's input error: one line naming it, no stack trace
            spec.commandLine().getErr().println("aimc mvm: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return ExitCodes.USAGE;
        }
    }

    private Integer run() throws IOException {
        Map<String, Object> cfgMap = new LinkedHashMap<>();
        if (rpuConfig != null) {
            Object read;
            try {
                read = Json.parse(Files.readString(rpuConfig));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(rpuConfig + ": " + e.getMessage(), e);
            }
            if (!(read instanceof Map<?, ?> parsed)) {
                throw new IllegalArgumentException(rpuConfig + " must hold a JSON object (the rpu_config)");
            }
            cfgMap.putAll((Map<String, Object>) parsed);
        }
        refuseUnknownKeys(cfgMap);
        if (preset != null) {
            cfgMap.put("preset", preset);
        }
        InferenceRpuConfig cfg = ConfigMaps.rpuConfig(cfgMap);
        Npy.Array w = Npy.read(weights), x = Npy.read(inputs);
        if (w.data().length == 0) {
            throw new IllegalArgumentException("weights file " + weights + " is empty");
        }
        if (w.shape().length != 2 || x.cols() != w.cols()) {
            throw new IllegalArgumentException("weights must be [out, in] and inputs [batch, in] with the same in; got "
                    + java.util.Arrays.toString(w.shape()) + " and " + java.util.Arrays.toString(x.shape()));
        }
        if (tInference != null && !(tInference >= 0 && tInference < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("--t-inference must be a finite time >= 0 s, got " + tInference);
        }
        Rng rng = new Rng(seed);
        AnalogLinear layer = AnalogLinear.of(w.data(), null, w.cols(), w.rows(), cfg, rng.split(1));
        layer.train(false);
        if (tInference != null) {
            layer.drift(tInference, rng.split(2));
        }
        Tensor xt = Tensor.wrap(x.data(), x.rows(), x.cols());
        MvmStatistics s = MvmStatistics.measure(w.data(), w.rows(), w.cols(), x.data(), x.rows(), repeats,
                y -> System.arraycopy(layer.forward(xt).data(), 0, y, 0, y.length));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("weights_shape", w.shape());
        out.put("inputs_shape", x.shape());
        out.put("seed", seed);
        out.put("forward", ConfigMaps.toMap(cfg.forward()));
        out.put("mapping", ConfigMaps.toMap(cfg.mapping()));
        out.put("tiles", Map.of("count", layer.tileArray().tileCount(), "row_splits",
                layer.tileArray().rowSplits(), "col_splits", layer.tileArray().colSplits()));
        Map<String, Object> noise = new LinkedHashMap<>(ConfigMaps.toMap((Record) cfg.noiseModel()));
        noise.put("applied", tInference != null);
        if (tInference != null) {
            noise.put("t_inference", tInference);
            noise.put("drift_compensation", cfg.driftCompensation().name().toLowerCase(java.util.Locale.ROOT));
        }
        out.put("noise_model", noise);
        out.put("statistics", ConfigMaps.toMap(s));
        spec.commandLine().getOut().println(Json.writePretty(out));
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** A key rpu_config does not read would be ignored silently: refuse it, with the closest known key. */
    private void refuseUnknownKeys(Map<String, Object> cfg) {
        for (String key : cfg.keySet()) {
            if (!ConfigMaps.RPU_CONFIG_FIELDS.contains(key)) {
                String hint = Hints.closest(key, ConfigMaps.RPU_CONFIG_FIELDS).map(k -> " Did you mean '" + k + "'?")
                        .orElse("");
                throw new IllegalArgumentException(rpuConfig + ": unknown rpu_config key '" + key + "'." + hint
                        + " Known: " + String.join(", ", ConfigMaps.RPU_CONFIG_FIELDS));
            }
        }
    }
}
