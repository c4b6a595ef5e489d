package io.analogcomposer.engine.experiment;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything that defines one digital training run in engine terms. {@link #fromMap} reads the experiment format's
 * snake_case structure ({@code name, seed, dataset, network, training}), so a JSON document parsed into maps by any
 * library maps directly.
 */
public record RunSpec(String name, long seed, DatasetSpec dataset, NetworkSpec network, TrainingSpec training) {
    /** Validates presence. */
    public RunSpec {
        if (dataset == null || network == null || training == null) {
            throw new IllegalArgumentException("run needs dataset, network and training");
        }
        name = name == null ? "" : name;
    }

    /** JSON-ready map. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("seed", seed);
        m.put("dataset", dataset.toMap());
        m.put("network", network.toMap());
        m.put("training", training.toMap());
        return m;
    }

    /** Reads the map form; every missing section is named in the error. */
    public static RunSpec fromMap(Map<String, Object> m) {
        String w = "experiment";
        Map<String, Object> ds = Params.getMap(m, "dataset", w), net = Params.getMap(m, "network", w),
                tr = Params.getMap(m, "training", w);
        if (ds == null || net == null || tr == null) {
            throw new IllegalArgumentException("experiment: missing required section(s):"
                    + (ds == null ? " dataset" : "") + (net == null ? " network" : "")
                    + (tr == null ? " training" : ""));
        }
        return new RunSpec(Params.getString(m, "name", "", w), Params.getLong(m, "seed", 0, w), DatasetSpec.fromMap(ds),
                NetworkSpec.fromMap(net), TrainingSpec.fromMap(tr));
    }
}
