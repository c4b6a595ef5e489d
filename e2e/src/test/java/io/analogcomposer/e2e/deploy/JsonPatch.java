package io.analogcomposer.e2e.deploy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** RFC 6902 add / replace / remove / test on parsed YAML (maps and lists), as kustomize's inline patches use them. */
final class JsonPatch {

    private JsonPatch() {
    }

    @SuppressWarnings("unchecked")
    static void apply(Map<String, Object> document, Map<String, Object> operation) {
        String op = (String) operation.get("op");
        List<String> path = Arrays.stream(((String) operation.get("path")).substring(1).split("/"))
                .map(s -> s.replace("~1", "/").replace("~0", "~")).toList();
        Object parent = document;
        for (String segment : path.subList(0, path.size() - 1)) {
            parent = parent instanceof List<?> l ? l.get(Integer.parseInt(segment)) : ((Map<?, ?>) parent).get(segment);
            if (parent == null) {
                throw new IllegalStateException("patch path " + operation.get("path") + " does not exist");
            }
        }
        String last = path.getLast();
        Object value = operation.get("value");
        if (parent instanceof List<?> l) {
            List<Object> list = (List<Object>) l;
            int index = last.equals("-") ? list.size() : Integer.parseInt(last);
            switch (op) {
                case "add" -> list.add(index, value);
                case "replace" -> list.set(index, value);
                case "remove" -> list.remove(index);
                case "test" -> check(operation, list.get(index), value);
                default -> throw new IllegalStateException("unsupported patch op " + op);
            }
        } else {
            Map<String, Object> map = (Map<String, Object>) parent;
            if (!op.equals("add") && !map.containsKey(last)) {
                throw new IllegalStateException("patch path " + operation.get("path") + " does not exist");
            }
            switch (op) {
                case "add", "replace" -> map.put(last, value);
                case "remove" -> map.remove(last);
                case "test" -> check(operation, map.get(last), value);
                default -> throw new IllegalStateException("unsupported patch op " + op);
            }
        }
    }

    /** A failed test aborts the whole patch, as kustomize does. */
    private static void check(Map<String, Object> operation, Object actual, Object expected) {
        if (!java.util.Objects.equals(actual, expected)) {
            throw new IllegalStateException(
                    "patch test " + operation.get("path") + " expected " + expected + " but was "
                            + actual);
        }
    }
}
