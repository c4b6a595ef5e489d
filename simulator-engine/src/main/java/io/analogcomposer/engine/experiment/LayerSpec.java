package io.analogcomposer.engine.experiment;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One layer of a network in the experiment format's vocabulary: a snake_case {@code type} (e.g. {@code linear},
 * {@code conv2d}, {@code max_pool2d}, {@code log_softmax}) and its snake_case parameters (e.g.
 * {@code out_features}). Input sizes ({@code in_features}, {@code in_channels}) are inferred by shape inference and
 * appear in the resolved spec. Kept as a map so new layer kinds (analog layers) need no change here.
 */
public record LayerSpec(String type, Map<String, Object> params) {
    /** Copies the parameters, keeping their order. */
    public LayerSpec {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("layer type must not be empty");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        if (params != null) {
            params.forEach((k, v) -> m.put(k, canonical(v)));
        }
        params = Collections.unmodifiableMap(m);
    }

    /**
     * Integral numbers become {@code Integer} and other numbers {@code Double}, recursively in lists, so a spec read
     * back from JSON equals the one written.
     */
    private static Object canonical(Object v) {
        if (v instanceof Long || v instanceof Short || v instanceof Byte) {
            long l = ((Number) v).longValue();
            return l == (int) l ? Integer.valueOf((int) l) : v;
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof List<?> l) {
            return l.stream().map(LayerSpec::canonical).toList();
        }
        return v;
    }

    /** A layer from a type and alternating key/value pairs, e.g. {@code of("linear", "out_features", 10)}. */
    public static LayerSpec of(String type, Object... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("key/value pairs expected");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new LayerSpec(type, m);
    }

    /** A copy with one parameter set. */
    public LayerSpec with(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(params);
        m.put(key, value);
        return new LayerSpec(type, m);
    }

    /** Integer parameter or default. */
    public int intParam(String key, int def) {
        return Params.getInt(params, key, def, "layer '" + type + "'");
    }

    /** Required integer parameter. */
    public int requireInt(String key) {
        return Params.requireInt(params, key, "layer '" + type + "'");
    }

    /** Number parameter or default. */
    public double doubleParam(String key, double def) {
        return Params.getDouble(params, key, def, "layer '" + type + "'");
    }

    /** Boolean parameter or default. */
    public boolean boolParam(String key, boolean def) {
        return Params.getBool(params, key, def, "layer '" + type + "'");
    }

    /**
     * A per-axis pair: an integer {@code n} means {@code [n, n]}, a two-element list gives both; {@code def} when
     * absent (null def means required).
     */
    public int[] pairParam(String key, int[] def) {
        Object v = params.get(key);
        if (v == null) {
            if (def == null) {
                throw new IllegalArgumentException("layer '" + type + "': missing required field '" + key + "'");
            }
            return def.clone();
        }
        if (v instanceof Number) {
            int n = intParam(key, 0);
            return new int[]{n, n};
        }
        List<Integer> l = Params.getIntList(params, key, "layer '" + type + "'");
        if (l.size() != 2) {
            throw new IllegalArgumentException("layer '" + type + "': field '" + key + "' must be an integer or a list"
                    + " of two, got " + v);
        }
        return new int[]{l.get(0), l.get(1)};
    }

    /** The layer as a JSON-ready map: {@code {"type": ..., <params>}}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.putAll(params);
        return m;
    }

    /** Reads a layer from a JSON-like map with a {@code type} field. */
    public static LayerSpec fromMap(Map<String, Object> m) {
        Object t = m.get("type");
        if (!(t instanceof String s)) {
            throw new IllegalArgumentException("layer: missing or non-string field 'type' in " + m);
        }
        Map<String, Object> p = new LinkedHashMap<>(m);
        p.remove("type");
        return new LayerSpec(s, p);
    }
}
