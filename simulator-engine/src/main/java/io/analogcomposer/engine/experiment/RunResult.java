package io.analogcomposer.engine.experiment;

import io.analogcomposer.engine.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result document of one run, with its provenance: seed, engine version, backend and threads, and the fully
 * resolved configuration (every default and inferred size filled in), so it can be reproduced.
 * {@code validationSource} says where the per-epoch validation metrics come from: {@code validation} (a held-out part
 * of the training set) or {@code test} (when validation_fraction is 0).
 */
public record RunResult(RunStatus status, long seed, String engineVersion, String backend, int threads,
        RunSpec resolvedSpec, long parameterCount, String validationSource, List<EpochMetrics> epochs, double testLoss,
        double testAccuracy,
        double totalSeconds) {
    /** Copies the list. */
    public RunResult {
        epochs = List.copyOf(epochs);
    }

    /** JSON-ready map with snake_case keys. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status.value());
        m.put("seed", seed);
        m.put("engine_version", engineVersion);
        m.put("backend", backend);
        m.put("threads", threads);
        m.put("parameter_count", parameterCount);
        m.put("validation_source", validationSource);
        m.put("test_loss", testLoss);
        m.put("test_accuracy", testAccuracy);
        m.put("total_seconds", totalSeconds);
        List<Object> es = new ArrayList<>();
        for (EpochMetrics e : epochs) {
            es.add(e.toMap());
        }
        m.put("epochs", es);
        m.put("config", resolvedSpec.toMap());
        return m;
    }

    /** The result as pretty-printed JSON. */
    public String toJson() {
        return Json.writePretty(toMap());
    }
}
