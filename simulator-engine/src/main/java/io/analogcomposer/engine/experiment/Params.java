package io.analogcomposer.engine.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Typed reads from snake_case parameter maps, with messages that name the field and what was wrong. */
final class Params {
    private Params() {
    }

    static Object require(Map<String, Object> m, String key, String where) {
        if (!m.containsKey(key) || m.get(key) == null) {
            throw new IllegalArgumentException(where + ": missing required field '" + key + "'");
        }
        return m.get(key);
    }

    static int getInt(Map<String, Object> m, String key, int def, String where) {
        Object v = m.get(key);
        if (v == null) {
            return def;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        throw new IllegalArgumentException(where + ": field '" + key + "' must be an integer, got " + v);
    }

    static int requireInt(Map<String, Object> m, String key, String where) {
        require(m, key, where);
        return getInt(m, key, 0, where);
    }

    static long getLong(Map<String, Object> m, String key, long def, String where) {
        Object v = m.get(key);
        if (v == null) {
            return def;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        throw new IllegalArgumentException(where + ": field '" + key + "' must be an integer, got " + v);
    }

    static double getDouble(Map<String, Object> m, String key, double def, String where) {
        Object v = m.get(key);
        if (v == null) {
            return def;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException(where + ": field '" + key + "' must be a number, got " + v);
    }

    static boolean getBool(Map<String, Object> m, String key, boolean def, String where) {
        Object v = m.get(key);
        if (v == null) {
            return def;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(where + ": field '" + key + "' must be true or false, got " + v);
    }

    static String getString(Map<String, Object> m, String key, String def, String where) {
        Object v = m.get(key);
        if (v == null) {
            return def;
        }
        if (v instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException(where + ": field '" + key + "' must be a string, got " + v);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> getMap(Map<String, Object> m, String key, String where) {
        Object v = m.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Map<?, ?> mm) {
            return (Map<String, Object>) mm;
        }
        throw new IllegalArgumentException(where + ": field '" + key + "' must be an object, got " + v);
    }

    static List<Integer> getIntList(Map<String, Object> m, String key, String where) {
        Object v = m.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof List<?> l)) {
            throw new IllegalArgumentException(where + ": field '" + key + "' must be a list of integers, got " + v);
        }
        List<Integer> out = new ArrayList<>();
        for (Object o : l) {
            if (!(o instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                throw new IllegalArgumentException(where + ": field '" + key + "' must hold integers, got " + o);
            }
            out.add(n.intValue());
        }
        return out;
    }
}
