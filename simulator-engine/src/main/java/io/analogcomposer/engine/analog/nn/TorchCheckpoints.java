package io.analogcomposer.engine.analog.nn;

import io.analogcomposer.engine.analog.config.InferenceRpuConfig;
import io.analogcomposer.engine.analog.util.Pickle;
import io.analogcomposer.engine.nn.Activation;
import io.analogcomposer.engine.nn.Flatten;
import io.analogcomposer.engine.nn.Module;
import io.analogcomposer.engine.nn.Pool2d;
import io.analogcomposer.engine.nn.Sequential;
import io.analogcomposer.engine.random.Rng;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Imports PyTorch / AIHWKit zip checkpoints ({@code torch.save} of a state dict): {@code <archive>/data.pkl} read by
 * the safe {@link Pickle} reader, raw storages from {@code <archive>/data/<key>}. Understands the analog layers of
 * the composer's templates in both AIHWKit layouts: the older one (one tile, combined weights with an analog bias
 * column, a scalar {@code out_scaling_alpha} or {@code analog_alpha_scale}) and the "mapped" one (digital bias,
 * per-column {@code mapping_scales} times a learned {@code out_scaling_alpha}).
 */
public final class TorchCheckpoints {
    private TorchCheckpoints() {
    }

    /** A state dict with its tensors readable from the archive. */
    public static final class StateDict {
        private final Map<String, Object> entries;
        private final Map<String, byte[]> storages;

        StateDict(Map<String, Object> entries, Map<String, byte[]> storages) {
            this.entries = entries;
            this.storages = storages;
        }

        /** Top-level entries: tensors as {@link Pickle.TensorRef}, nested dicts, plain values. */
        public Map<String, Object> entries() {
            return entries;
        }

        /** The elements of a tensor (float32 or float64 storages), in C order of its shape. */
        public float[] floats(Pickle.TensorRef t) {
            byte[] raw = storages.get(t.storage().key());
            if (raw == null) {
                throw new IllegalArgumentException("checkpoint has no storage data/" + t.storage().key());
            }
            boolean dbl = t.storage().type().startsWith("Double");
            if (!t.storage().type().startsWith("Float") && !dbl) {
                throw new IllegalArgumentException("tensor storage type " + t.storage().type() + " is not supported");
            }
            ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            int n = 1;
            for (int s : t.shape()) {
                n *= s;
            }
            float[] out = new float[n];
            int[] idx = new int[t.shape().length];
            for (int i = 0; i < n; i++) {
                long off = t.offset();
                for (int d = 0; d < idx.length; d++) {
                    off += (long) idx[d] * t.stride()[d];
                }
                out[i] = dbl ? (float) b.getDouble((int) off * 8) : b.getFloat((int) off * 4);
                for (int d = idx.length - 1; d >= 0; d--) {
                    if (++idx[d] < t.shape()[d]) {
                        break;
                    }
                    idx[d] = 0;
                }
            }
            return out;
        }

        /** Values of an entry that is a tensor, a numpy array or a number. */
        public float[] values(Object v) {
            if (v instanceof Pickle.TensorRef t) {
                return floats(t);
            }
            if (v instanceof Pickle.NdArray a) {
                return a.floats();
            }
            if (v instanceof Number x) {
                return new float[]{x.floatValue()};
            }
            throw new IllegalArgumentException("expected a tensor, got " + v);
        }
    }

    /** Reads a {@code .pth} zip checkpoint whose pickle is a (possibly ordered) dict. */
    @SuppressWarnings("unchecked")
    public static StateDict read(Path path) {
        try (ZipFile z = new ZipFile(path.toFile())) {
            ZipEntry pkl = z.stream().filter(e -> e.getName().endsWith("data.pkl")).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(path + " is not a PyTorch zip checkpoint "
                            + "(no data.pkl inside; legacy non-zip torch.save files are not supported)"));
            String prefix = pkl.getName().substring(0, pkl.getName().length() - "data.pkl".length());
            Object o = Pickle.load(z.getInputStream(pkl).readAllBytes());
            if (!(o instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException(path + " holds a " + o.getClass().getSimpleName()
                        + ", not a state dict");
            }
            Map<String, byte[]> storages = new HashMap<>();
            z.stream().filter(e -> e.getName().startsWith(prefix + "data/")).forEach(e -> {
                try {
                    storages.put(e.getName().substring(prefix.length() + 5), z.getInputStream(e).readAllBytes());
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            });
            return new StateDict((Map<String, Object>) m, storages);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + path, e);
        }
    }

    /**
     * Logical weights and bias of analog layer {@code index} ("0", "3", ...) of an AIHWKit state dict.
     *
     * @param weights [out, in] in logical (digital-equivalent) units
     * @param bias    [out], or null
     * @param out     output size
     * @param in      input size
     */
    public record LayerWeights(float[] weights, float[] bias, int out, int in) {}

    /** Extracts layer {@code index}'s logical weights, whichever AIHWKit layout the checkpoint uses. */
    @SuppressWarnings("unchecked")
    public static LayerWeights analogLayer(StateDict sd, String index) {
        Map<String, Object> st = null;
        for (String k : List.of(index + ".analog_tile_state_0_0", index + ".analog_tile_state_0",
                index + ".analog_tile_state")) {
            if (sd.entries().get(k) instanceof Map<?, ?> m) {
                st = (Map<String, Object>) m;
                break;
            }
        }
        if (st == null) {
            throw new IllegalArgumentException("checkpoint has no analog tile state for layer " + index + "; keys: "
                    + sd.entries().keySet());
        }
        int out = ((Number) st.get("out_size")).intValue(), in = ((Number) st.get("in_size")).intValue();
        boolean analogBias = Boolean.TRUE.equals(st.get("bias"));
        int cols = in + (analogBias ? 1 : 0);
        float[] tw = sd.values(st.get("analog_tile_weights"));
        if (tw.length != out * cols) {
            throw new IllegalArgumentException("layer " + index + ": tile weights hold " + tw.length + " values, "
                    + "expected " + out + "x" + cols);
        }
        float[] scale = new float[out];
        java.util.Arrays.fill(scale, 1f);
        if (st.get("mapping_scales") != null) {
            float[] ms = sd.values(st.get("mapping_scales"));
            for (int o = 0; o < out; o++) {
                scale[o] *= ms.length == 1 ? ms[0] : ms[o];
            }
        }
        Object alpha = st.get("out_scaling_alpha");
        if (alpha == null) {
            alpha = sd.entries().get(index + ".analog_out_scaling_alpha_0");
        }
        if (alpha == null) {
            alpha = st.get("analog_alpha_scale");
        }
        if (alpha != null) {
            float[] a = sd.values(alpha);
            for (int o = 0; o < out; o++) {
                scale[o] *= a.length == 1 ? a[0] : a[o];
            }
        }
        float[] w = new float[out * in];
        float[] b = null;
        for (int o = 0; o < out; o++) {
            for (int j = 0; j < in; j++) {
                w[o * in + j] = tw[o * cols + j] * scale[o];
            }
        }
        if (analogBias) {
            b = new float[out];
            for (int o = 0; o < out; o++) {
                b[o] = tw[o * cols + in] * scale[o];
            }
        } else if (sd.entries().get(index + ".bias") != null) {
            b = sd.values(sd.entries().get(index + ".bias"));
        }
        return new LayerWeights(w, b, out, in);
    }

    /**
     * The composer's LeNet5 for 28x28 grey images (AIHWKit's example layout: conv 1→16 k5, tanh, max-pool 2, conv
     * 16→32 k5, tanh, max-pool 2, tanh, flatten, linear 512→128, tanh, linear 128→10, log-softmax) with the weights
     * of a composer template checkpoint, on analog layers configured by {@code config}.
     */
    public static Sequential composerLenet5(Path pth, InferenceRpuConfig config, Rng rng) {
        StateDict sd = read(pth);
        AnalogConv2d c1 = new AnalogConv2d(1, 16, 5, 1, 0, 1, true, config, rng.split(0));
        AnalogConv2d c2 = new AnalogConv2d(16, 32, 5, 1, 0, 1, true, config, rng.split(3));
        AnalogLinear l1 = new AnalogLinear(512, 128, true, config, rng.split(8));
        AnalogLinear l2 = new AnalogLinear(128, 10, true, config, rng.split(10));
        String[] idx = {"0", "3", "8", "10"};
        AnalogLayer[] layers = {c1, c2, l1, l2};
        for (int i = 0; i < 4; i++) {
            LayerWeights lw = analogLayer(sd, idx[i]);
            if (lw.out() != layers[i].outSize() || lw.in() != layers[i].inSize()) {
                throw new IllegalArgumentException("layer " + idx[i] + " is " + lw.out() + "x" + lw.in()
                        + " in the checkpoint but LeNet5 needs " + layers[i].outSize() + "x" + layers[i].inSize());
            }
            layers[i].setWeights(lw.weights(), lw.bias());
        }
        List<Module> ms = List.of(c1, new Activation(Activation.Kind.TANH), new Pool2d(Pool2d.Kind.MAX, 2, 2, 0), c2,
                new Activation(Activation.Kind.TANH), new Pool2d(Pool2d.Kind.MAX, 2, 2, 0),
                new Activation(Activation.Kind.TANH), new Flatten(), l1, new Activation(Activation.Kind.TANH), l2,
                new Activation(Activation.Kind.LOG_SOFTMAX));
        return new Sequential(ms);
    }
}
