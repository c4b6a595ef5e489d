package io.analogcomposer.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.analogcomposer.engine.analog.config.DriftCompensation;
import io.analogcomposer.engine.analog.config.InferenceRpuConfig;
import io.analogcomposer.engine.analog.config.WeightModifierType;
import io.analogcomposer.engine.analog.io.IOParameters;
import io.analogcomposer.engine.analog.io.NoiseManagement;
import io.analogcomposer.engine.analog.nn.AnalogLayer;
import java.util.ArrayList;
import java.util.List;

/**
 * The inference side of an analog layer ({@link AnalogLayer}) on the device: its weights in device units on the same
 * tiles as the Java layer, each tile with its own forward MVM, programming, drift and global (or per-column) drift
 * compensation; the digital output scales, input range and bias as the Java layer applies them in eval mode.
 */
final class TensorAnalogLayer {
    private final int out, in;
    private final boolean analogBias;
    private final float range; // 0: no input range (noise management scales the inputs)
    private final NDArray scales; // [1, out]: mapping scales · learned output scales · range
    private final NDArray bias; // [1, out] digital bias, or null
    private final DriftCompensation compensation;
    private final TensorNoise noise;
    private final List<Tile> tiles = new ArrayList<>();

    /** One physical tile and its inference state. */
    private static final class Tile {
        final int o0, o1, i0, i1;
        final TensorMvm mvm;
        final NDArray target; // [rows, cols] stored weights of the tile
        final TensorMvm.Weights targetWeights;
        TensorNoise.Programmed programmed;
        NDArray deployed; // weights at the current time, or null before programming
        TensorMvm.Weights deployedWeights;
        NDArray baseline, alpha; // compensation: reference readout and factor ([1, 1] or [1, rows])

        Tile(int o0, int o1, int i0, int i1, TensorMvm mvm, NDArray target) {
            this.o0 = o0;
            this.o1 = o1;
            this.i0 = i0;
            this.i1 = i1;
            this.mvm = mvm;
            this.target = target;
            this.targetWeights = mvm.prepare(target);
        }
    }

    /** Throws {@link UnsupportedOnTensorPath} for what the layer's configuration needs and the tensor path lacks. */
    static void checkSupported(AnalogLayer layer) {
        InferenceRpuConfig c = layer.config();
        TensorMvm.checkSupported(layer.tileArray().forwardParameters());
        TensorNoise.of(c.noiseModel());
        if (c.modifier().enableDuringTest()
                && (c.modifier().type() != WeightModifierType.NONE || c.modifier().pdrop() > 0)) {
            throw new UnsupportedOnTensorPath("modifier.enable_during_test", null);
        }
    }

    TensorAnalogLayer(AnalogLayer layer, NDManager state) {
        checkSupported(layer);
        this.out = layer.outSize();
        this.in = layer.inSize();
        this.analogBias = layer.analogBias();
        this.range = (float) layer.inputRangeValue();
        InferenceRpuConfig config = layer.config();
        this.compensation = config.driftCompensation();
        this.noise = TensorNoise.of(config.noiseModel());
        float[] ms = layer.mappingScales().data();
        float[] learned = layer.outScale() == null ? null : layer.outScale().value().data();
        float[] s = new float[out];
        float r = range > 0 ? range : 1f;
        for (int o = 0; o < out; o++) {
            float l = learned == null ? 1f : learned.length == 1 ? learned[0] : learned[o];
            s[o] = ms[o] * l * r;
        }
        this.scales = HostArrays.copyOf(state, s, new Shape(1, out));
        this.bias = layer.bias() != null && !analogBias
                ? HostArrays.copyOf(state, layer.bias().value().data(), new Shape(1, out))
                : null;
        int c = in + (analogBias ? 1 : 0);
        float[] w = layer.weight().value().data();
        float[] combined = new float[out * c];
        float[] b = analogBias ? layer.bias().value().data() : null;
        for (int o = 0; o < out; o++) {
            System.arraycopy(w, o * in, combined, o * c, in);
            if (analogBias) {
                // the bias column holds the bias in device units, as in the Java layer
                combined[o * c + in] = b[o] / (ms[o] * (learned == null
                        ? 1f
                        : learned.length == 1
                                ? learned[0]
                                : learned[o]));
            }
        }
        NDArray all = HostArrays.copyOf(state, combined, new Shape(out, c));
        IOParameters io = layer.tileArray().forwardParameters();
        if (range > 0 && !io.isPerfect()) {
            io = io.toBuilder().noiseManagement(NoiseManagement.NONE).build();
        }
        int[] rs = layer.tileArray().rowSplits(), cs = layer.tileArray().colSplits();
        for (int i = 0; i + 1 < rs.length; i++) {
            for (int j = 0; j + 1 < cs.length; j++) {
                NDArray slice = all.get(new NDIndex("{}:{}, {}:{}", rs[i], rs[i + 1], cs[j], cs[j + 1]));
                tiles.add(new Tile(rs[i], rs[i + 1], cs[j], cs[j + 1],
                        new TensorMvm(io, rs[i + 1] - rs[i], cs[j + 1] - cs[j], state), slice));
            }
        }
    }

    /** Programs every tile and measures its compensation reference (AIHWKit's program_weights). */
    void program(NDManager state) {
        for (Tile t : tiles) {
            try (NDManager tmp = state.newSubManager()) {
                tmp.tempAttachAll(t.target);
                TensorNoise.Programmed p = noise.program(t.target);
                NDArray baseline = switch (compensation) {
                    case NONE -> null;
                    case GLOBAL, PER_COLUMN -> readout(t, p.weights(), compensation);
                    case GLOBAL_EXACT_REFERENCE -> t.target.abs().mean().maximum(1e-4f).reshape(1, 1);
                };
                release(t);
                t.programmed = p;
                p.weights().attach(state);
                p.nuPlus().attach(state);
                p.nuMinus().attach(state);
                t.baseline = baseline;
                if (baseline != null) {
                    baseline.attach(state);
                }
                t.deployed = p.weights();
                t.deployedWeights = t.mvm.prepare(t.deployed);
            }
        }
    }

    /** Moves every tile to {@code time} seconds after programming: drift, read noise, compensation factor. */
    void drift(double time, NDManager state) {
        for (Tile t : tiles) {
            if (t.programmed == null) {
                throw new IllegalStateException("drift before programming");
            }
            try (NDManager tmp = state.newSubManager()) {
                tmp.tempAttachAll(t.programmed.weights(), t.programmed.nuPlus(), t.programmed.nuMinus());
                NDArray drifted = noise.drift(t.programmed, time);
                NDArray alpha = null;
                if (t.baseline != null) {
                    DriftCompensation mode = compensation == DriftCompensation.GLOBAL_EXACT_REFERENCE
                            ? DriftCompensation.GLOBAL
                            : compensation;
                    alpha = readout(t, drifted, mode).pow(-1).mul(t.baseline);
                    alpha.attach(state);
                }
                releaseDeployed(t);
                if (t.alpha != null) {
                    t.alpha.close();
                }
                drifted.attach(state);
                t.deployed = drifted;
                t.deployedWeights = t.mvm.prepare(drifted);
                t.alpha = alpha;
            }
        }
    }

    /** Mean |output| of the tile's own forward over all one-hot inputs (clamped at 1e-4), global or per column. */
    private static NDArray readout(Tile t, NDArray w, DriftCompensation mode) {
        NDManager m = w.getManager();
        try (TensorMvm.Weights prepared = t.mvm.prepare(w)) {
            NDArray y = t.mvm.forward(prepared, m.eye(t.i1 - t.i0)).abs();
            return mode == DriftCompensation.PER_COLUMN
                    ? y.mean(new int[]{0}, true).maximum(1e-4f)
                    : y.mean().maximum(1e-4f).reshape(1, 1);
        }
    }

    private static void releaseDeployed(Tile t) {
        if (t.deployedWeights != null) {
            t.deployedWeights.close();
            t.deployedWeights = null;
        }
        if (t.deployed != null && (t.programmed == null || t.deployed != t.programmed.weights())) {
            t.deployed.close();
        }
        t.deployed = null;
    }

    private static void release(Tile t) {
        releaseDeployed(t);
        if (t.programmed != null) {
            t.programmed.weights().close();
            t.programmed.nuPlus().close();
            t.programmed.nuMinus().close();
        }
        if (t.baseline != null) {
            t.baseline.close();
        }
        if (t.alpha != null) {
            t.alpha.close();
        }
        t.programmed = null;
        t.deployed = null;
        t.baseline = null;
        t.alpha = null;
    }

    /** Back to the stored, unprogrammed weights. */
    void clearProgramming() {
        for (Tile t : tiles) {
            release(t);
        }
    }

    /**
     * The eval-mode forward of {@code n} input rows {@code x [n, in]} into {@code [n, out]}: input range, tiles
     * (deployed weights once programmed, compensated once drifted), output scales, bias. Results live in x's manager.
     */
    NDArray forwardRows(NDArray x) {
        NDManager m = x.getManager();
        long n = x.getShape().get(0);
        if (range > 0) {
            x = x.clip(-range, range).mul(1f / range);
        }
        if (analogBias) {
            x = x.concat(m.full(new Shape(n, 1), range > 0 ? 1f / range : 1f), 1);
        }
        NDArray y = null;
        List<NDArray> rowGroups = new ArrayList<>();
        int lastRow = -1;
        NDArray group = null;
        for (Tile t : tiles) {
            NDArray xs = tiles.size() == 1 ? x : x.get(new NDIndex(":, {}:{}", t.i0, t.i1));
            NDArray part = t.mvm.forward(t.deployedWeights != null ? t.deployedWeights : t.targetWeights, xs);
            if (t.alpha != null) {
                part = part.mul(t.alpha);
            }
            if (t.o0 != lastRow) {
                if (group != null) {
                    rowGroups.add(group);
                }
                group = part;
                lastRow = t.o0;
            } else {
                group = group.add(part);
            }
        }
        rowGroups.add(group);
        y = rowGroups.size() == 1 ? rowGroups.get(0) : concat(rowGroups);
        y = y.mul(scales);
        return bias != null ? y.add(bias) : y;
    }

    private static NDArray concat(List<NDArray> parts) {
        NDArray r = parts.get(0);
        for (int i = 1; i < parts.size(); i++) {
            r = r.concat(parts.get(i), 1);
        }
        return r;
    }

    int outSize() {
        return out;
    }

    int inSize() {
        return in;
    }
}
