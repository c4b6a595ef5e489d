package io.analogcomposer.engine.analog.nn;

import io.analogcomposer.engine.analog.config.InferenceRpuConfig;
import io.analogcomposer.engine.analog.io.IOParameters;
import io.analogcomposer.engine.nn.Conv1d;
import io.analogcomposer.engine.nn.Conv2d;
import io.analogcomposer.engine.nn.Linear;
import io.analogcomposer.engine.nn.Module;
import io.analogcomposer.engine.nn.Sequential;
import io.analogcomposer.engine.random.Rng;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Whole-network operations: converting a digital network to analog (AIHWKit's {@code convert_to_analog}), and
 * programming or drifting every analog layer of a network.
 */
public final class AnalogNetworks {
    private AnalogNetworks() {
    }

    /** Converts every Linear, Conv1d and Conv2d of {@code model} to its analog counterpart with {@code config}. */
    public static Module convert(Module model, InferenceRpuConfig config, Rng rng) {
        return convert(model, m -> config, rng);
    }

    /**
     * Converts the layers for which {@code configFor} gives a configuration (null keeps the layer digital), copying
     * weights and biases; other modules are reused as they are. Layer {@code i} of a Sequential draws its analog
     * randomness from {@code rng.split(i)}.
     */
    public static Module convert(Module model, java.util.function.Function<Module, InferenceRpuConfig> configFor,
            Rng rng) {
        if (model instanceof Sequential s) {
            List<Module> out = new ArrayList<>();
            for (int i = 0; i < s.layers().size(); i++) {
                out.add(convert(s.layers().get(i), configFor, rng.split(i)));
            }
            Sequential r = new Sequential(out);
            r.setBackend(model.backend());
            return r;
        }
        InferenceRpuConfig cfg = configFor.apply(model);
        if (cfg == null) {
            return model;
        }
        Module converted;
        if (model instanceof Linear l) {
            converted = AnalogLinear.of(l.weight().value().toArray(),
                    l.bias() == null ? null : l.bias().value().toArray(), l.inFeatures(), l.outFeatures(), cfg, rng);
        } else if (model instanceof Conv2d c) {
            converted = convertConv2d(c, cfg, rng);
        } else if (model instanceof Conv1d c) {
            Conv2d inner = (Conv2d) field(c, "conv");
            int[] g = convGeometry(inner);
            int[] ws = inner.weight().value().shape();
            AnalogConv1d a = new AnalogConv1d(ws[1], ws[0], ws[3], g[1], g[3], g[5], inner.bias() != null, cfg, rng);
            a.analog().setWeights(inner.weight().value().toArray(),
                    inner.bias() == null ? null : inner.bias().value().toArray());
            converted = a;
        } else {
            return model;
        }
        converted.setBackend(model.backend());
        converted.train(model.isTraining());
        return converted;
    }

    /** Converts only the modules accepted by {@code which}. */
    public static Module convert(Module model, InferenceRpuConfig config, Predicate<Module> which, Rng rng) {
        return convert(model, m -> which.test(m) ? config : null, rng);
    }

    private static AnalogConv2d convertConv2d(Conv2d c, InferenceRpuConfig cfg, Rng rng) {
        int[] ws = c.weight().value().shape();
        int[] g = convGeometry(c);
        AnalogConv2d a = new AnalogConv2d(ws[1], ws[0], ws[2], ws[3], g[0], g[1], g[2], g[3], g[4], g[5],
                c.bias() != null, cfg, rng);
        a.setWeights(c.weight().value().toArray(), c.bias() == null ? null : c.bias().value().toArray());
        return a;
    }

    /**
     * Stride, padding and dilation of a digital convolution. The engine's Conv2d does not expose them yet, so they
     * are read reflectively here (one place to change when accessors appear).
     */
    private static int[] convGeometry(Conv2d c) {
        String[] names = {"sh", "sw", "ph", "pw", "dh", "dw"};
        int[] v = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            v[i] = (Integer) field(c, names[i]);
        }
        return v;
    }

    private static Object field(Object o, String name) {
        try {
            Field f = o.getClass().getDeclaredField(name);
            f.setAccessible(true);
            return f.get(o);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + o.getClass().getSimpleName() + "." + name
                    + " to convert it to analog", e);
        }
    }

    /** Every analog layer of {@code model}, in forward order. */
    public static List<AnalogLayer> analogLayers(Module model) {
        List<AnalogLayer> out = new ArrayList<>();
        collect(model, out);
        return out;
    }

    private static void collect(Module m, List<AnalogLayer> out) {
        if (m instanceof AnalogLayer a) {
            out.add(a);
        } else if (m instanceof AnalogConv1d c) {
            out.add(c.analog());
        } else if (m instanceof Sequential s) {
            for (Module l : s.layers()) {
                collect(l, out);
            }
        } else if (m instanceof io.analogcomposer.engine.nn.Lstm l) {
            // an analog recurrent layer's two weight matrices are programmed and drifted like any analog layer
            for (var w : List.of(l.inputWeights(), l.hiddenWeights())) {
                if (w instanceof AnalogLayer a) {
                    out.add(a);
                }
            }
        } else if (m instanceof io.analogcomposer.engine.nn.Bidirectional b) {
            collect(b.forwards(), out);
            collect(b.backwards(), out);
        } else if (m instanceof io.analogcomposer.engine.nn.StepMatrixOwner o) {
            // attention projections, per-token linears and encoder blocks: their analog matrices, in order
            for (var w : o.stepMatrices()) {
                if (w instanceof AnalogLayer a) {
                    out.add(a);
                }
            }
        } else if (m instanceof io.analogcomposer.engine.nn.Recurrent r) {
            for (var w : List.of(r.inputWeights(), r.hiddenWeights())) {
                if (w instanceof AnalogLayer a) {
                    out.add(a);
                }
            }
        }
    }

    /** Programs every analog layer; layer {@code k} uses {@code rng.split(k)}. */
    public static void program(Module model, Rng rng) {
        List<AnalogLayer> ls = analogLayers(model);
        for (int k = 0; k < ls.size(); k++) {
            ls.get(k).program(rng.split(k));
        }
    }

    /** Drifts every analog layer to {@code t} seconds (programs first where needed). */
    public static void drift(Module model, double t, Rng rng) {
        List<AnalogLayer> ls = analogLayers(model);
        for (int k = 0; k < ls.size(); k++) {
            ls.get(k).drift(t, rng.split(k));
        }
    }

    /** Forgets programming in every analog layer. */
    public static void clearProgramming(Module model) {
        for (AnalogLayer l : analogLayers(model)) {
            l.clearProgramming();
        }
    }

    /** Sets the forward non-idealities of every analog layer. */
    public static void setForwardParameters(Module model, IOParameters io) {
        for (AnalogLayer l : analogLayers(model)) {
            l.setForwardParameters(io);
        }
    }
}
