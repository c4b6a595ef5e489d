package io.analogcomposer.engine.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A feed-forward network: the per-sample input shape (e.g. {@code [1, 28, 28]}) and its layers in order. */
public record NetworkSpec(List<Integer> inputShape, List<LayerSpec> layers) {
    /** Validates and copies. */
    public NetworkSpec {
        inputShape = List.copyOf(inputShape);
        layers = List.copyOf(layers);
        if (inputShape.isEmpty() || inputShape.stream().anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("network input_shape must be non-empty with positive sizes, got "
                    + inputShape);
        }
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("network needs at least one layer");
        }
    }

    /** The input shape as an array. */
    public int[] inputShapeArray() {
        return inputShape.stream().mapToInt(Integer::intValue).toArray();
    }

    /** JSON-ready map: {@code {"input_shape": [...], "layers": [...]}}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input_shape", new ArrayList<>(inputShape));
        List<Object> ls = new ArrayList<>();
        for (LayerSpec l : layers) {
            ls.add(l.toMap());
        }
        m.put("layers", ls);
        return m;
    }

    /** Reads the map form. */
    @SuppressWarnings("unchecked")
    public static NetworkSpec fromMap(Map<String, Object> m) {
        List<Integer> shape = Params.getIntList(m, "input_shape", "network");
        if (shape == null) {
            throw new IllegalArgumentException("network: missing required field 'input_shape'");
        }
        Object ls = m.get("layers");
        if (!(ls instanceof List<?> list)) {
            throw new IllegalArgumentException("network: missing or non-list field 'layers'");
        }
        List<LayerSpec> layers = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> lm)) {
                throw new IllegalArgumentException("network: layers[" + i + "] must be an object");
            }
            try {
                layers.add(LayerSpec.fromMap((Map<String, Object>) lm));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("network: layers[" + i + "]: " + e.getMessage(), e);
            }
        }
        return new NetworkSpec(shape, layers);
    }
}
