package io.analogcomposer.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import io.analogcomposer.engine.analog.config.InferenceRpuConfig;
import io.analogcomposer.engine.analog.config.InputRangeParameters;
import io.analogcomposer.engine.analog.config.WeightClipParameters;
import io.analogcomposer.engine.analog.config.WeightModifierParameters;
import io.analogcomposer.engine.analog.config.WeightModifierType;
import io.analogcomposer.engine.analog.config.WeightRemapParameters;
import io.analogcomposer.engine.analog.io.IOParameters;
import io.analogcomposer.engine.analog.io.NoiseManagement;
import io.analogcomposer.engine.analog.nn.AnalogLayer;
import java.util.ArrayList;
import java.util.List;

/**
 * An analog layer ({@link AnalogLayer}) being trained hardware-aware on the device, as the Java layer trains it: the
 * forward is the tiles' non-ideal MVM of the weights the modifier perturbed (per tile, relative to each tile's max
 * |w|), with the learned input range clipping and scaling the inputs; the backward is the Java layer's, which is not
 * the exact gradient of that forward: straight through the DAC and ADC, and the weights' "gradient" is AIHWKit's
 * update signal {@code (dy·out_scale/mapping_scale)ᵀ·x_in}. PyTorch's autograd computes it from a surrogate whose
 * value is zero and whose gradient is that backward: {@code y = y_noisy + Σ (z − stop_gradient(z))}. After each
 * optimizer step the weights are clipped and remapped, as the Java layer does before its next forward.
 */
final class TensorAnalogTraining {
    private final AnalogLayer layer;
    private final InferenceRpuConfig config;
    private final int out, in;
    private final boolean analogBias;
    /** Device parameters (leaves with gradients) in the Java layer's order; bias, outScale, range may be null. */
    final NDArray weight, bias, outScale, range;
    /** {@code [1, out]} digital mapping scales (remapping changes them). */
    final NDArray mappingScales;
    /** Running sum of the data-initialised input ranges, {@code [1]}. */
    private final NDArray rangeSum;
    private int rangeInitBatches;
    private final List<Tile> tiles = new ArrayList<>();
    private final int[] rowSplits;
    // what the backward's input-range correction needs of the last training forward
    private NDArray lastInsideFraction, lastRange;

    private record Tile(int o0, int o1, int i0, int i1, TensorMvm mvm) {}

    /** Throws {@link UnsupportedOnTensorPath} for what training this layer on the device lacks. */
    static void checkSupported(AnalogLayer layer) {
        TensorAnalogLayer.checkSupported(layer);
        if (layer.config().modifier().perBatchSample()) {
            throw new UnsupportedOnTensorPath("modifier.per_batch_sample", "one draw of the modified weights per "
                    + "batch only");
        }
    }

    /** Whether the backward goes on to the layer's input (not for the network's first layer with parameters). */
    private final boolean inputGradient;

    TensorAnalogTraining(AnalogLayer layer, NDManager state, boolean inputGradient) {
        checkSupported(layer);
        this.inputGradient = inputGradient;
        this.layer = layer;
        this.config = layer.config();
        this.out = layer.outSize();
        this.in = layer.inSize();
        this.analogBias = layer.analogBias();
        this.weight = param(state, layer.weight().value().data(), out, in);
        this.bias = layer.bias() == null ? null : param(state, layer.bias().value().data(), out);
        this.outScale = layer.outScale() == null
                ? null
                : param(state, layer.outScale().value().data(),
                        layer.outScale().value().size());
        this.range = layer.inputRange() == null ? null : param(state, layer.inputRange().value().data(), 1);
        this.mappingScales = HostArrays.copyOf(state, layer.mappingScales().data(), new Shape(1, out));
        this.rangeSum = state.zeros(new Shape(1));
        IOParameters io = layer.tileArray().forwardParameters();
        if (range != null && !io.isPerfect()) {
            io = io.toBuilder().noiseManagement(NoiseManagement.NONE).build();
        }
        int[] rs = layer.tileArray().rowSplits(), cs = layer.tileArray().colSplits();
        this.rowSplits = rs;
        for (int i = 0; i + 1 < rs.length; i++) {
            for (int j = 0; j + 1 < cs.length; j++) {
                tiles.add(new Tile(rs[i], rs[i + 1], cs[j], cs[j + 1],
                        new TensorMvm(io, rs[i + 1] - rs[i], cs[j + 1] - cs[j], state)));
            }
        }
    }

    private static NDArray param(NDManager m, float[] values, long... shape) {
        NDArray a = HostArrays.copyOf(m, values, new Shape(shape));
        a.setRequiresGradient(true);
        return a;
    }

    /** The device parameters in the Java layer's {@code parameters()} order. */
    List<NDArray> parameters() {
        List<NDArray> ps = new ArrayList<>(4);
        ps.add(weight);
        if (bias != null) {
            ps.add(bias);
        }
        if (outScale != null) {
            ps.add(outScale);
        }
        if (range != null) {
            ps.add(range);
        }
        return ps;
    }

    /** The arrays that live across batches (attached to each batch's scope so nothing derived from them leaks). */
    List<NDArray> persistent() {
        List<NDArray> all = new ArrayList<>(parameters());
        all.add(mappingScales);
        all.add(rangeSum);
        return all;
    }

    /**
     * The forward of {@code x [n, in]} into {@code [n, out]}: in training with modified weights and the surrogate
     * that carries the Java layer's backward, else the eval forward of the stored weights.
     */
    NDArray forwardRows(NDArray x, boolean training) {
        NDManager m = x.getManager();
        long n = x.getShape().get(0);
        NDArray xd = x.stopGradient();
        NDArray learned = outScale == null ? null : outScale.stopGradient().reshape(1, -1);
        NDArray scale = learned == null ? mappingScales : mappingScales.mul(learned); // [1, out]
        NDArray r = null, xin = xd;
        if (range != null) {
            if (training && rangeInitBatches < config.inputRange().initFromData()) {
                initRangeFromData(xd);
            }
            r = range.stopGradient().abs().reshape(1, 1);
            xin = xd.minimum(r).maximum(r.neg()).div(r);
        }
        if (analogBias) {
            NDArray ones = m.ones(new Shape(n, 1));
            xin = xin.concat(r == null ? ones : ones.div(r), 1);
        }
        NDArray combined = weight.stopGradient();
        if (analogBias) {
            // the bias column holds the bias in device units, as in the Java layer
            combined = combined.concat(bias.stopGradient().reshape(1, out).div(scale).transpose(), 1);
        }
        WeightModifierParameters mod = config.modifier();
        boolean modify = training && (mod.type() != WeightModifierType.NONE || mod.pdrop() > 0);
        NDArray used = modify ? modifyPerTile(combined) : combined;
        NDArray yt = tilesForward(used, xin);
        NDArray y = yt.mul(r == null ? scale : scale.mul(r));
        if (bias != null && !analogBias) {
            y = y.add(bias.stopGradient().reshape(1, out));
        }
        if (!training) {
            return y;
        }
        NDArray usedInT = (analogBias ? used.get(":, 0:{}", in) : used).transpose(); // [in, out]
        NDArray inside = r == null ? null : xd.abs().lt(r).toType(DataType.FLOAT32, false);
        NDArray surrogate = null;
        if (inputGradient) {
            // dx = (dy·scale)·used, zero where the input range clipped (straight through DAC and ADC)
            surrogate = add(surrogate, live((inside == null ? x : x.mul(inside)).matMul(usedInT).mul(scale)));
        }
        // the update signal: dW = (dy·out_scale/divisor)ᵀ·x_in on the tile's own (range-scaled) inputs
        NDArray xinIn = analogBias ? xin.get(":, 0:{}", in) : xin;
        NDArray divisors = updateDivisors();
        NDArray factor = learned == null ? divisors.pow(-1) : learned.div(divisors);
        surrogate = add(surrogate, live(xinIn.matMul(weight.transpose()).mul(factor)));
        if (bias != null) {
            surrogate = add(surrogate, live(m.zeros(new Shape(n, 1)).add(bias.reshape(1, out))));
        }
        if (outScale != null) {
            NDArray base = yt.mul(mappingScales);
            surrogate = add(surrogate, live((r == null ? base : base.mul(r)).mul(outScale.reshape(1, -1))));
        }
        if (range != null) {
            // clipped inputs pull the range outwards: d/dr of used·clip(x, r)·scale
            NDArray outside = inside.neg().add(1f).mul(xd.sign());
            surrogate = add(surrogate, live(outside.matMul(usedInT).mul(scale).mul(range.reshape(1, 1))));
            lastInsideFraction = inside.mean();
            lastRange = r;
        }
        return y.add(surrogate);
    }

    /** {@code z − stop_gradient(z)}: zero, with z's gradient. */
    private static NDArray live(NDArray z) {
        return z.sub(z.stopGradient());
    }

    private static NDArray add(NDArray a, NDArray b) {
        return a == null ? b : a.add(b);
    }

    /** Each output's update divisor (its mapping scale, or its tile's mean scale with lr compensation), [1, out]. */
    private NDArray updateDivisors() {
        if (!config.mapping().weightScalingLrCompensation()) {
            return mappingScales;
        }
        NDArray d = null;
        for (int t = 0; t + 1 < rowSplits.length; t++) {
            int o0 = rowSplits[t], o1 = rowSplits[t + 1];
            NDArray part = mappingScales.get(":, {}:{}", o0, o1).mean(new int[]{1}, true).broadcast(1, o1 - o0);
            d = d == null ? part : d.concat(part, 1);
        }
        return d;
    }

    /** The first batches set the input range to the running mean of init_std_alpha · std(x), as the Java layer. */
    private void initRangeFromData(NDArray xd) {
        InputRangeParameters p = config.inputRange();
        NDArray std = xd.square().mean().sub(xd.mean().square()).maximum(0f).sqrt();
        rangeInitBatches++;
        JniUtils.setGradMode(false); // the range is a leaf: written in place outside the recorded graph
        try {
            rangeSum.addi(std.mul((float) p.initStdAlpha()));
            NDArray value = rangeSum.div((float) rangeInitBatches).maximum(1e-6f);
            range.muli(0f).addi(value);
        } finally {
            JniUtils.setGradMode(true); // a training forward runs inside the gradient collector
        }
    }

    /** The tiles' MVMs of {@code used [out, c]} on {@code xin [n, c]}, assembled into {@code [n, out]}. */
    private NDArray tilesForward(NDArray used, NDArray xin) {
        if (tiles.size() == 1) {
            Tile t = tiles.get(0);
            return t.mvm().forward(t.mvm().prepare(used), xin);
        }
        List<NDArray> groups = new ArrayList<>();
        NDArray group = null;
        int lastRow = -1;
        for (Tile t : tiles) {
            NDArray w = used.get("{}:{}, {}:{}", t.o0(), t.o1(), t.i0(), t.i1());
            NDArray part = t.mvm().forward(t.mvm().prepare(w), xin.get(":, {}:{}", t.i0(), t.i1()));
            if (t.o0() != lastRow) {
                if (group != null) {
                    groups.add(group);
                }
                group = part;
                lastRow = t.o0();
            } else {
                group = group.add(part);
            }
        }
        groups.add(group);
        NDArray y = groups.get(0);
        for (int i = 1; i < groups.size(); i++) {
            y = y.concat(groups.get(i), 1);
        }
        return y;
    }

    /** The modifier applied to every tile's block on its own (its own max |w|), as AIHWKit's mapped layers do. */
    private NDArray modifyPerTile(NDArray combined) {
        if (tiles.size() == 1) {
            return modify(combined);
        }
        NDArray all = null, row = null;
        int lastRow = -1;
        for (Tile t : tiles) {
            NDArray block = modify(combined.get("{}:{}, {}:{}", t.o0(), t.o1(), t.i0(), t.i1()));
            if (t.o0() != lastRow) {
                if (row != null) {
                    all = all == null ? row : all.concat(row, 0);
                }
                row = block;
                lastRow = t.o0();
            } else {
                row = row.concat(block, 1);
            }
        }
        return all == null ? row : all.concat(row, 0);
    }

    /** The Java engine's {@code WeightModifier.apply} on one tile's block, with the device's random numbers. */
    private NDArray modify(NDArray w) {
        WeightModifierParameters p = config.modifier();
        NDManager m = w.getManager();
        Shape shape = w.getShape();
        NDArray amax;
        if (p.relToActualWmax()) {
            NDArray a = w.abs().max();
            amax = a.add(a.eq(0f).toType(DataType.FLOAT32, false)); // an all-zero tile: 1
        } else {
            amax = HostArrays.scalar(m, (float) p.assumedWmax());
        }
        double res = p.res() > 1 ? 1.0 / p.res() : p.res();
        float std = (float) p.stdDev();
        double[] c = p.coeffs().stream().mapToDouble(Double::doubleValue).toArray();
        NDArray v = switch (p.type()) {
            case NONE, DROP_CONNECT -> w;
            case DISCRETIZE -> res > 0 ? discretize(w, amax, res, p.stoRound()) : w;
            case ADD_NORMAL -> w.add(normal(m, shape).mul(amax).mul(std));
            case MULT_NORMAL -> w.add(w.mul(normal(m, shape)).mul(amax).mul(std));
            case POLY -> w.add(poly(c, w.abs().div(amax)).mul(std).mul(amax).mul(normal(m, shape)));
            case PROG_NOISE -> {
                // coefficients in µS at g_max; the sign of the weight is kept (a device cannot change pair)
                NDArray sig = poly(c, w.abs().div(amax)).mul((float) (p.stdDev() / p.gMax()));
                NDArray mag = w.add(sig.mul(amax).mul(normal(m, shape))).abs();
                yield TensorMvm.where(w.lt(0f), mag.neg(), mag);
            }
            case DISCRETIZE_ADD_NORMAL -> (res > 0 ? discretize(w, amax, res, p.stoRound()) : w)
                    .add(normal(m, shape).mul(amax).mul(std));
        };
        if (p.pdrop() > 0) {
            v = v.mul(m.randomUniform(0f, 1f, shape, DataType.FLOAT32).gte((float) p.pdrop())
                    .toType(DataType.FLOAT32, false));
        }
        return v;
    }

    private static NDArray normal(NDManager m, Shape shape) {
        return m.randomNormal(0f, 1f, shape, DataType.FLOAT32);
    }

    /** {@code amax·round(w/amax/res (+ U − 0.5))·res}, rounding half up as Java's {@code Math.round}. */
    private static NDArray discretize(NDArray w, NDArray amax, double res, boolean stochastic) {
        NDArray q = w.div(amax).div((float) res);
        if (stochastic) {
            q = q.add(w.getManager().randomUniform(0f, 1f, w.getShape(), DataType.FLOAT32)).sub(0.5f);
        }
        return q.add(0.5f).floor().mul((float) res).mul(amax);
    }

    private static NDArray poly(double[] c, NDArray x) {
        NDArray v = x.zerosLike();
        for (int k = c.length - 1; k >= 0; k--) {
            v = v.mul(x).add((float) c[k]);
        }
        return v;
    }

    /**
     * After the backward: the input range's decay (it shrinks while enough inputs fit, grows below
     * input_min_percentage), or no gradient when the range is not learned; as the Java layer's backward.
     */
    void afterBackward() {
        if (range == null || lastRange == null) {
            return;
        }
        InputRangeParameters p = config.inputRange();
        NDArray g = range.getGradient();
        if (!p.learnInputRange()) {
            g.muli(0f);
            return;
        }
        NDArray decay = lastRange.reshape(1).mul((float) p.decay());
        NDArray sign = lastInsideFraction.gte((float) p.inputMinPercentage()).toType(DataType.FLOAT32, false)
                .mul(2f).sub(1f);
        g.addi(decay.mul(sign));
    }

    /** Data batches that initialised the input range so far (a saved session's part). */
    long rangeInitBatches() {
        return rangeInitBatches;
    }

    void rangeInitBatches(long v) {
        rangeInitBatches = (int) v;
    }

    /** The running sum of the data-initialised ranges ({@code [1]}, persistent). */
    NDArray rangeSum() {
        return rangeSum;
    }

    /** Clipping, then remapping, of the weights after an optimizer step (the Java layer's post-step). */
    void afterStep() {
        WeightClipParameters clip = config.clip();
        switch (clip.type()) {
            case NONE -> {
            }
            case FIXED_VALUE -> assign(weight, weight.clip(-clip.fixedValue(), clip.fixedValue()));
            case LAYER_GAUSSIAN -> {
                NDArray bound = weight.square().mean().sub(weight.mean().square()).maximum(0f).sqrt()
                        .mul((float) clip.sigma());
                assign(weight, weight.minimum(bound).maximum(bound.neg()));
            }
            default -> throw new UnsupportedOnTensorPath("clip.type=" + clip.type().name().toLowerCase(), null);
        }
        WeightRemapParameters remap = config.remap();
        switch (remap.type()) {
            case NONE -> {
            }
            case LAYERWISE_SYMMETRIC -> {
                NDArray f = remapFactor(weight.abs().max(), remap.remappedWmax());
                weight.muli(f);
                mappingScales.divi(f);
            }
            case CHANNELWISE_SYMMETRIC -> {
                NDArray f = remapFactor(weight.abs().max(new int[]{1}, true), remap.remappedWmax()); // [out, 1]
                weight.muli(f);
                mappingScales.divi(f.transpose());
            }
        }
    }

    private static NDArray remapFactor(NDArray max, double wmax) {
        return TensorMvm.where(max.gt(0f), max.pow(-1).mul((float) wmax), max.onesLike());
    }

    private static void assign(NDArray target, NDArray value) {
        target.muli(0f).addi(value);
    }

    /** Writes the trained state back into the Java layer (weights, bias, scales, input range). */
    void copyBack() {
        copy(weight, layer.weight().value().data());
        if (bias != null) {
            copy(bias, layer.bias().value().data());
        }
        if (outScale != null) {
            copy(outScale, layer.outScale().value().data());
        }
        if (range != null) {
            copy(range, layer.inputRange().value().data());
        }
        copy(mappingScales, layer.mappingScales().data());
    }

    private static void copy(NDArray from, float[] to) {
        float[] v = from.toFloatArray();
        System.arraycopy(v, 0, to, 0, v.length);
    }
}
