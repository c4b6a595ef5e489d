package io.analogcomposer.cli;

import io.analogcomposer.engine.analog.config.ConfigMaps;
import io.analogcomposer.engine.analog.config.InferenceRpuConfig;
import io.analogcomposer.engine.analog.io.MvmStatistics;
import io.analogcomposer.engine.analog.util.Npy;
import io.analogcomposer.engine.backend.JavaBackend;
import io.analogcomposer.engine.json.Json;
import io.analogcomposer.engine.tensor.Parallel;
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

/** {@code aimc mvm}: error statistics of the analog product of W and X against the exact one, as JSON. */
@Command(name = "mvm", mixinStandardHelpOptions = true, description = "Runs the analog MVM of weights W [out, in] on inputs X [batch, in] (.npy files) repeatedly and prints the error statistics against the exact product as JSON.")
final class MvmCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--weights", required = true, description = "W as .npy, shape [out, in] (normalized weights, |w| <= 1).")
    Path weights;

    @Option(names = "--inputs", required = true, description = "X as .npy, shape [batch, in].")
    Path inputs;

    @Option(names = "--rpu-config", description = "JSON file: {\"preset\": name, \"forward\": {...}} (default: AIHWKit's inference defaults).")
    Path rpuConfig;

    @Option(names = "--preset", description = "Preset name instead of --rpu-config: composer_web, composer_web_old, aihwkit_standard_hwa, aihwkit_inference, floating_point.")
    String preset;

    @Option(names = "--repeats", defaultValue = "10")
    int repeats;

    @Option(names = "--seed", defaultValue = "0")
    long seed;

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() {
        try {
            return run();
        } catch (IllegalArgumentException | java.io.UncheckedIOException | IOException | ClassCastException e) {
            // a bad file or configuration is the user's input error: one line naming it, no stack trace
            spec.commandLine().getErr().println("aimc mvm: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }

    private Integer run() throws IOException {
        Map<String, Object> cfgMap = new LinkedHashMap<>();
        if (rpuConfig != null) {
            cfgMap.putAll((Map<String, Object>) Json.parse(Files.readString(rpuConfig)));
        }
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
        MvmStatistics s = MvmStatistics.measure(cfg.forward(), w.data(), w.rows(), w.cols(), x.data(), x.rows(),
                repeats, seed, new JavaBackend(Parallel.CORES));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("weights_shape", w.shape());
        out.put("inputs_shape", x.shape());
        out.put("seed", seed);
        out.put("forward", ConfigMaps.toMap(cfg.forward()));
        out.put("statistics", ConfigMaps.toMap(s));
        spec.commandLine().getOut().println(Json.writePretty(out));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
