package io.analogcomposer.engine.experiment;

import io.analogcomposer.engine.backend.ComputeBackend;
import io.analogcomposer.engine.nn.Module;
import io.analogcomposer.engine.nn.Sequential;
import io.analogcomposer.engine.random.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds a {@link Sequential} from a {@link NetworkSpec} by shape inference: each layer sees the previous layer's
 * output shape, so input sizes are never written by hand. Layer kinds come from a registry of {@link LayerFactory}s
 * (the digital ones are built in; analog layers register theirs).
 */
public final class ModelBuilder {
    private static final Map<String, LayerFactory> FACTORIES = new ConcurrentHashMap<>();

    static {
        BuiltinLayers builtin = new BuiltinLayers();
        for (String t : BuiltinLayers.TYPES) {
            FACTORIES.put(t, builtin);
        }
    }

    private ModelBuilder() {
    }

    /** Registers (or replaces) the factory for a layer type. */
    public static void register(String type, LayerFactory factory) {
        FACTORIES.put(type, factory);
    }

    /** Layer types that can be built. */
    public static List<String> types() {
        List<String> l = new ArrayList<>(FACTORIES.keySet());
        l.sort(null);
        return l;
    }

    private static LayerFactory factory(String type, int index) {
        LayerFactory f = FACTORIES.get(type);
        if (f == null) {
            throw new IllegalArgumentException("layers[" + index + "]: unknown layer type '" + type + "'; known types: "
                    + types());
        }
        return f;
    }

    /** The spec with every layer's defaults and inferred sizes filled in; fails naming the layer and shapes. */
    public static NetworkSpec resolve(NetworkSpec spec) {
        int[] shape = spec.inputShapeArray();
        List<LayerSpec> out = new ArrayList<>();
        for (int i = 0; i < spec.layers().size(); i++) {
            LayerSpec l = spec.layers().get(i);
            try {
                LayerSpec r = factory(l.type(), i).resolve(l, shape);
                Module probe = factory(l.type(), i).create(r, shape, new Rng(0));
                shape = probe.outputShape(shape);
                out.add(r);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("layers[" + i + "] (" + l.type() + ", input shape "
                        + Arrays.toString(shape) + "): " + e.getMessage(), e);
            }
        }
        return new NetworkSpec(spec.inputShape(), out);
    }

    /** Builds the model; layer i's initial weights come from stream i of {@code seed}'s generator. */
    public static Sequential build(NetworkSpec spec, long seed, ComputeBackend backend) {
        NetworkSpec resolved = resolve(spec);
        Rng root = new Rng(seed).split(0x1A7E45L);
        int[] shape = resolved.inputShapeArray();
        List<Module> modules = new ArrayList<>();
        for (int i = 0; i < resolved.layers().size(); i++) {
            LayerSpec l = resolved.layers().get(i);
            Module m = factory(l.type(), i).create(l, shape, root.split(i));
            shape = m.outputShape(shape);
            modules.add(m);
        }
        Sequential net = new Sequential(modules);
        if (backend != null) {
            net.setBackend(backend);
        }
        return net;
    }

    /** Per-sample output shape of a network. */
    public static int[] outputShape(NetworkSpec spec) {
        return build(spec, 0, null).outputShape(spec.inputShapeArray());
    }
}
