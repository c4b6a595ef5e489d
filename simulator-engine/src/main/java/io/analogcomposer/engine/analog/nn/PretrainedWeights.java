package io.analogcomposer.engine.analog.nn;

import io.analogcomposer.engine.nn.Conv2d;
import io.analogcomposer.engine.nn.Linear;
import io.analogcomposer.engine.nn.Module;
import io.analogcomposer.engine.nn.Parameter;
import io.analogcomposer.engine.nn.Sequential;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pre-trained weights moved between networks in logical (digital-equivalent) units, layer by layer in forward order:
 * from a trained model of ours (digital or analog), or from an AIHWKit state dict, into a model built from another
 * specification (e.g. the same LeNet5 with the user's rpu_config). Analog layers receive them through
 * {@link AnalogLayer#setWeights}, so the target's own mapping (omega scaling, tiles) is applied afresh, as AIHWKit's
 * {@code load_state_dict} followed by {@code set_weights} would.
 */
public final class PretrainedWeights {
    private PretrainedWeights() {
    }

    /** The weighted layers of {@code model} (linear and convolutions, digital or analog), in forward order. */
    public static List<Module> weightedLayers(Module model) {
        List<Module> out = new ArrayList<>();
        collect(model, out);
        return out;
    }

    private static void collect(Module m, List<Module> out) {
        if (m instanceof Sequential s) {
            for (Module l : s.layers()) {
                collect(l, out);
            }
        } else if (m instanceof AnalogConv1d c) {
            out.add(c.analog());
        } else if (m instanceof AnalogLayer || m instanceof Linear || m instanceof Conv2d) {
            out.add(m);
        }
    }

    /** The logical weights of every weighted layer of a trained model. */
    public static List<TorchCheckpoints.LayerWeights> of(Module model) {
        List<TorchCheckpoints.LayerWeights> out = new ArrayList<>();
        for (Module m : weightedLayers(model)) {
            if (m instanceof AnalogLayer a) {
                out.add(new TorchCheckpoints.LayerWeights(a.logicalWeights(),
                        a.bias() == null ? null : a.bias().value().toArray(), a.outSize(), a.inSize()));
            } else {
                Parameter w = weightOf(m), b = biasOf(m);
                int outSize = w.value().shape()[0];
                out.add(new TorchCheckpoints.LayerWeights(w.value().toArray(), b == null ? null : b.value().toArray(),
                        outSize, w.value().size() / outSize));
            }
        }
        return out;
    }

    /**
     * The analog layers of an AIHWKit state dict in the order of their module index ({@code "0"}, {@code "3"},
     * {@code "8"}, ...), whichever AIHWKit layout each uses.
     */
    public static List<TorchCheckpoints.LayerWeights> of(TorchCheckpoints.StateDict sd) {
        TreeMap<Integer, String> indices = new TreeMap<>();
        for (String k : sd.entries().keySet()) {
            int dot = k.indexOf('.');
            if (dot > 0 && k.startsWith("analog_tile_state", dot + 1) && k.substring(0, dot).matches("\\d+")) {
                indices.put(Integer.parseInt(k.substring(0, dot)), k.substring(0, dot));
            }
        }
        if (indices.isEmpty()) {
            throw new IllegalArgumentException("the checkpoint holds no analog layers (no '<index>.analog_tile_state' "
                    + "entries); keys: " + sd.entries().keySet());
        }
        List<TorchCheckpoints.LayerWeights> out = new ArrayList<>();
        for (Map.Entry<Integer, String> e : indices.entrySet()) {
            out.add(TorchCheckpoints.analogLayer(sd, e.getValue()));
        }
        return out;
    }

    /**
     * Copies {@code weights} into the weighted layers of {@code model}, one to one in forward order; the counts and
     * every layer's shape must agree (the message names the first layer that does not).
     */
    public static void apply(Module model, List<TorchCheckpoints.LayerWeights> weights) {
        List<Module> layers = weightedLayers(model);
        if (layers.size() != weights.size()) {
            throw new IllegalArgumentException("the pre-trained weights hold " + weights.size()
                    + " weighted layers but the network has " + layers.size());
        }
        for (int i = 0; i < layers.size(); i++) {
            Module m = layers.get(i);
            TorchCheckpoints.LayerWeights w = weights.get(i);
            if (m instanceof AnalogLayer a) {
                check(i, m, a.outSize(), a.inSize(), a.bias() != null, w);
                a.setWeights(w.weights(), w.bias());
            } else {
                Parameter pw = weightOf(m), pb = biasOf(m);
                int outSize = pw.value().shape()[0];
                check(i, m, outSize, pw.value().size() / outSize, pb != null, w);
                System.arraycopy(w.weights(), 0, pw.value().data(), 0, w.weights().length);
                if (pb != null) {
                    System.arraycopy(w.bias(), 0, pb.value().data(), 0, outSize);
                }
            }
        }
    }

    private static void check(int i, Module m, int out, int in, boolean hasBias, TorchCheckpoints.LayerWeights w) {
        if (w.out() != out || w.in() != in) {
            throw new IllegalArgumentException("weighted layer " + (i + 1) + " (" + m.type() + ") is " + out + "x" + in
                    + " but the pre-trained weights are " + w.out() + "x" + w.in());
        }
        if (hasBias && w.bias() == null) {
            throw new IllegalArgumentException("weighted layer " + (i + 1) + " (" + m.type()
                    + ") has a bias but the pre-trained weights have none");
        }
        if (!hasBias && w.bias() != null) {
            throw new IllegalArgumentException("weighted layer " + (i + 1) + " (" + m.type()
                    + ") has no bias but the pre-trained weights have one");
        }
    }

    private static Parameter weightOf(Module m) {
        return m.parameters().stream().filter(p -> p.name().equals("weight")).findFirst().orElseThrow(
                () -> new IllegalArgumentException(m.type() + " has no weight parameter"));
    }

    private static Parameter biasOf(Module m) {
        return m.parameters().stream().filter(p -> p.name().equals("bias")).findFirst().orElse(null);
    }
}
