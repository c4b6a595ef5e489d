package io.analogcomposer.engine.analog.nn;

import io.analogcomposer.engine.analog.config.DriftCompensation;
import io.analogcomposer.engine.analog.config.InferenceRpuConfig;
import io.analogcomposer.engine.analog.config.MappingParameters;
import io.analogcomposer.engine.analog.hwa.WeightClipper;
import io.analogcomposer.engine.analog.hwa.WeightModifier;
import io.analogcomposer.engine.analog.hwa.WeightRemapper;
import io.analogcomposer.engine.analog.io.IOParameters;
import io.analogcomposer.engine.analog.io.NoiseManagement;
import io.analogcomposer.engine.analog.tile.TileArray;
import io.analogcomposer.engine.nn.Module;
import io.analogcomposer.engine.nn.Parameter;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.OuterProducts;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The analog part shared by {@link AnalogLinear} and the analog convolutions: a logical {@code out x in} matrix of
 * normalized (device-unit) weights on a {@link TileArray}, digital output scales (from weight scaling omega, remapping
 * and learning), a digital or analog bias, optional learned input range, the training-only modifiers, and the
 * inference state (program, drift, compensation).
 *
 * <p>
 * The logical weight of the layer is {@code diag(mapping_scales · out_scale) · weight}. In training mode the forward
 * pass is the analog one with modified weights, backward is exact, and the weight "gradient" is AIHWKit's update
 * signal (output gradient divided by the mapping scales, so the logical weights move as in digital SGD); clipping
 * and remapping run after every optimizer step, i.e. before the next training forward and when leaving training.
 */
public abstract class AnalogLayer extends Module {
    protected final int outSize, inSize;
    protected final Parameter weight;
    protected final Parameter bias;
    protected final Parameter outScale;
    protected Parameter inputRange;
    protected final Tensor mappingScales;
    protected InferenceRpuConfig config;
    protected TileArray tiles;
    private final Rng rng;
    private long calls;
    private boolean stepPending;
    private int rangeInitBatches;
    private double rangeInitSum;

    // per-forward state for backward
    private float[] xin, yt, used, combined, gt, gu, modified;
    /** Backward work buffers, kept between calls: per-output scales, and staging with an analog bias column. */
    private float[] sc, ls, gWBuf, gxBuf, gWork, dxBlock, dxWhole;
    /** With per_batch_sample, each sample's modified weights (backward needs them), else null. */
    private float[][] perSampleWeights;
    private int rowsPerSampleUsed = 1;
    private int rows;
    private float rangeUsed;

    /** Creates the analog state for a layer with the given logical shape; the weight tensor has the module's shape. */
    protected AnalogLayer(int outSize, int inSize, Tensor weightValue, Tensor biasValue, InferenceRpuConfig config,
            Rng rng) {
        if (weightValue.size() != outSize * inSize) {
            throw new IllegalArgumentException("weight " + weightValue.shapeString() + " does not hold " + outSize + "x"
                    + inSize + " values");
        }
        this.outSize = outSize;
        this.inSize = inSize;
        this.config = config;
        this.rng = rng;
        this.weight = new Parameter("weight", weightValue);
        this.bias = biasValue == null ? null : new Parameter("bias", biasValue);
        MappingParameters m = config.mapping();
        this.outScale = m.learnOutScaling()
                ? new Parameter("out_scale", Tensor.zeros(m.outScalingColumnwise() ? outSize : 1).fill(1f))
                : null;
        this.inputRange = config.inputRange().enable()
                ? new Parameter("input_range", Tensor.zeros(1).fill((float) config.inputRange().initValue()))
                : null;
        this.mappingScales = Tensor.zeros(outSize).fill(1f);
        this.tiles = new TileArray(outSize, inSize + (analogBias() ? 1 : 0), m.maxOutputSize(), m.maxInputSize(),
                effectiveForward(), rng.split(0x7117));
        applyWeightScaling(weight.value().data());
    }

    /** Receives the rows a layer's tiles are about to take (calibration), before any input-range clipping. */
    public interface InputObserver {
        void observe(float[] rows, int n, int width);
    }

    private InputObserver observer;

    /** Starts ({@code o} non-null) or stops passing the tiles' input rows to {@code o}. */
    public void observeInputs(InputObserver o) {
        this.observer = o;
    }

    /**
     * Sets a fixed input range {@code r} (post-training calibration): the DAC range is then ±r with inputs clipped to
     * it, replacing noise management, as with a learned range; a layer without one gets one that is not learned.
     */
    public void setInputRange(double r) {
        if (!(r > 0) || Double.isInfinite(r)) {
            throw new IllegalArgumentException("an input range must be finite and > 0, got " + r);
        }
        var ir = config.inputRange();
        if (inputRange == null) {
            config = config.withTraining(config.modifier(), config.clip(), config.remap(),
                    new io.analogcomposer.engine.analog.config.InputRangeParameters(true, false, r, 0,
                            ir.initStdAlpha(), ir.decay(), ir.inputMinPercentage()));
            inputRange = new Parameter("input_range", Tensor.zeros(1).fill((float) r));
            tiles.setForward(effectiveForward(), rng.split(0x7117));
        }
        inputRange.value().data()[0] = (float) r;
        rangeInitBatches = Integer.MAX_VALUE; // calibrated: no initialisation from data any more
    }

    /** The input range in use, or 0 when the layer has none (noise management scales its inputs). */
    public double inputRangeValue() {
        return inputRange == null ? 0 : Math.abs(inputRange.value().data()[0]);
    }

    /** Whether the bias is an extra analog input column (mapping.digital_bias false). */
    public final boolean analogBias() {
        return bias != null && !config.mapping().digitalBias();
    }

    /** The layer's configuration. */
    public InferenceRpuConfig config() {
        return config;
    }

    /** The tiles. */
    public TileArray tileArray() {
        return tiles;
    }

    /** Logical output size (rows of the weight matrix). */
    public int outSize() {
        return outSize;
    }

    /** Logical input size (columns of the weight matrix, without an analog bias column). */
    public int inSize() {
        return inSize;
    }

    /** The forward parameters in effect: a learned input range replaces noise management by a fixed scale. */
    private IOParameters effectiveForward() {
        IOParameters f = config.forward();
        return inputRange != null && !f.isPerfect() ? f.toBuilder().noiseManagement(NoiseManagement.NONE).build() : f;
    }

    /** Replaces the forward non-idealities (weights, scales and programming state are kept). */
    public void setForwardParameters(IOParameters io) {
        config = config.withForward(io);
        tiles.setForward(effectiveForward(), rng.split(0x7117));
    }

    /**
     * Sets the logical weights {@code [out, in]} (and bias): with weight scaling omega the weights are normalized so
     * their max |w| (per layer or per column) is omega and the factor moves to the digital mapping scales; learned
     * output scales restart at 1. Forgets any programming.
     */
    public void setWeights(float[] logical, float[] biasValues) {
        if (logical.length != outSize * inSize) {
            throw new IllegalArgumentException("weights need " + outSize * inSize + " values, got " + logical.length);
        }
        float[] w = weight.value().data();
        System.arraycopy(logical, 0, w, 0, logical.length);
        if (bias != null && biasValues != null) {
            System.arraycopy(biasValues, 0, bias.value().data(), 0, outSize);
        }
        mappingScales.fill(1f);
        if (outScale != null) {
            outScale.value().fill(1f);
        }
        applyWeightScaling(w);
        tiles.clearProgramming();
    }

    private void applyWeightScaling(float[] w) {
        MappingParameters m = config.mapping();
        double omega = m.weightScalingOmega();
        if (!(omega > 0)) {
            return;
        }
        float[] s = mappingScales.data();
        if (m.weightScalingColumnwise()) {
            for (int o = 0; o < outSize; o++) {
                double max = 0;
                for (int j = 0; j < inSize; j++) {
                    max = Math.max(max, Math.abs(w[o * inSize + j]));
                }
                double a = max / omega;
                a = a == 0 ? 1 : a;
                for (int j = 0; j < inSize; j++) {
                    w[o * inSize + j] = (float) (w[o * inSize + j] / a);
                }
                s[o] *= (float) a;
            }
        } else {
            double max = 0;
            for (int i = 0; i < outSize * inSize; i++) {
                max = Math.max(max, Math.abs(w[i]));
            }
            double a = max / omega;
            a = a == 0 ? 1 : a;
            for (int i = 0; i < outSize * inSize; i++) {
                w[i] = (float) (w[i] / a);
            }
            for (int o = 0; o < outSize; o++) {
                s[o] *= (float) a;
            }
        }
    }

    /** The logical weights {@code diag(scales)·weight}, {@code [out, in]}. */
    public float[] logicalWeights() {
        float[] w = weight.value().data(), r = new float[outSize * inSize];
        for (int o = 0; o < outSize; o++) {
            float s = scale(o);
            for (int j = 0; j < inSize; j++) {
                r[o * inSize + j] = w[o * inSize + j] * s;
            }
        }
        return r;
    }

    private float scale(int o) {
        return mappingScales.data()[o] * learnedScale(o);
    }

    /** The learned output scale of output {@code o} (1 without learn_out_scaling). */
    private float learnedScale(int o) {
        if (outScale == null) {
            return 1f;
        }
        float[] a = outScale.value().data();
        return a.length == 1 ? a[0] : a[o];
    }

    /** The weights as they sit on the tiles (with the analog bias column if any), {@code [out, in(+1)]}. */
    private float[] combinedWeights(float[] w) {
        if (!analogBias()) {
            return w;
        }
        int c = inSize + 1;
        combined = ensure(combined, outSize * c);
        float[] b = bias.value().data();
        for (int o = 0; o < outSize; o++) {
            System.arraycopy(w, o * inSize, combined, o * c, inSize);
            combined[o * c + inSize] = b[o] / scale(o); // the bias column holds the bias in device units
        }
        return combined;
    }

    /** Programs the current weights onto the devices (programming noise, drift parameters, compensation reference). */
    public void program(Rng r) {
        runPostStep();
        tiles.program(combinedWeights(weight.value().data()).clone(), config.noiseModel(), config.driftCompensation(),
                r, backend);
    }

    /** Moves the programmed devices to {@code t} seconds after programming (programs first if needed). */
    public void drift(double t, Rng r) {
        runPostStep();
        tiles.drift(t, combinedWeights(weight.value().data()).clone(), config.noiseModel(), config.driftCompensation(),
                r, backend);
    }

    /** Back to the unprogrammed, noise-free stored weights. */
    public void clearProgramming() {
        tiles.clearProgramming();
    }

    @Override
    public void train(boolean on) {
        if (training && !on) {
            runPostStep();
        }
        super.train(on);
    }

    /** Clipping and remapping that AIHWKit runs after each optimizer step. */
    private void runPostStep() {
        if (!stepPending) {
            return;
        }
        stepPending = false;
        float[] w = weight.value().data();
        WeightClipper.clip(config.clip(), w, outSize * inSize);
        WeightRemapper.remap(config.remap(), w, outSize, inSize, mappingScales.data());
    }

    /**
     * The analog forward over {@code n} input vectors {@code x [n, in]} into {@code y [n, out]}: input range,
     * tiles (modified weights in training, deployed weights after programming in eval), output scales, bias.
     */
    protected final void forwardRows(float[] x, int n, float[] y) {
        forwardRows(x, n, y, 1);
    }

    /**
     * As {@link #forwardRows(float[], int, float[])}, for rows that come in groups of {@code rowsPerSample} per
     * sample (a convolution's patches of one image): a {@code per_batch_sample} weight modifier draws one set of
     * modified weights per sample.
     */
    protected final void forwardRows(float[] x, int n, float[] y, int rowsPerSample) {
        forwardRows(x, n, y, rowsPerSample, null);
    }

    /**
     * As {@link #forwardRows(float[], int, float[], int)} for a convolution whose {@code rowsPerSample} rows per image
     * are output positions: returns true when the outputs went straight into {@code channels} ({@code [n /
     * rowsPerSample, out, rowsPerSample]}, the scales and bias applied on the way: no pass over rows that are only
     * transposed next), false when they are in {@code y} as rows.
     */
    protected final boolean forwardRowsToChannels(float[] x, int n, float[] y, int rowsPerSample, float[] channels) {
        return forwardRows(x, n, y, rowsPerSample, channels);
    }

    private boolean forwardRows(float[] x, int n, float[] y, int rowsPerSample, float[] channels) {
        if (training) {
            runPostStep();
        }
        if (observer != null) {
            observer.observe(x, n, inSize);
        }
        rows = n;
        int c = inSize + (analogBias() ? 1 : 0);
        Rng call = rng.split(++calls);
        // input range: clip to ±r and scale by r (the DAC range), instead of per-vector noise management
        float r = 1f;
        boolean needCopy = analogBias() || inputRange != null;
        if (inputRange != null) {
            if (training && rangeInitBatches < config.inputRange().initFromData()) {
                initRangeFromData(x, n);
            }
            r = Math.abs(inputRange.value().data()[0]);
        }
        rangeUsed = r;
        float[] xs = x;
        if (needCopy) {
            xin = ensure(xin, n * c);
            float inv = 1f / r;
            for (int b = 0; b < n; b++) {
                for (int j = 0; j < inSize; j++) {
                    float v = x[b * inSize + j];
                    xin[b * c + j] = inputRange != null ? Math.max(-r, Math.min(r, v)) * inv : v;
                }
                if (analogBias()) {
                    xin[b * c + inSize] = inputRange != null ? inv : 1f;
                }
            }
            xs = xin;
        } else {
            xin = x;
        }
        float[] w = weight.value().data();
        float[] tileW;
        boolean eval = !training;
        boolean modify = training || config.modifier().enableDuringTest();
        if (eval && tiles.isProgrammed()) {
            tileW = tiles.deployedWeights();
        } else if (modify && config.modifier().type() != io.analogcomposer.engine.analog.config.WeightModifierType.NONE
                || modify && config.modifier().pdrop() > 0) {
            float[] cw = combinedWeights(w);
            if (config.modifier().perBatchSample() && rowsPerSample > 0 && n % rowsPerSample == 0
                    && n / rowsPerSample > 1) {
                perSampleForward(cw, xs, n, rowsPerSample, y, call);
                return false;
            }
            // a buffer of its own: "used" may alias the parameter after an eval forward, and the modifier must never
            // write into the clean weights
            modified = ensure(modified, cw.length);
            WeightModifier.apply(config.modifier(), cw, modified, outSize, c, tiles.rowSplits(), tiles.colSplits(),
                    call.split(1));
            tileW = modified;
        } else {
            tileW = combinedWeights(w);
        }
        used = tileW;
        perSampleWeights = null;
        boolean compensate = eval && config.driftCompensation() != DriftCompensation.NONE;
        boolean digitalBias = bias != null && !analogBias();
        float[] bv = digitalBias ? bias.value().data() : null;
        float[] s = new float[outSize];
        for (int o = 0; o < outSize; o++) {
            s[o] = scale(o) * r;
        }
        if (eval && outScale == null) {
            // inference: scales and bias go into the tiles' store, straight into y (the tile output yt is kept
            // only for the learned output scales' gradient)
            tiles.forward(tileW, xs, n, y, compensate, s, bv, call.split(2), backend);
            return false;
        }
        yt = ensure(yt, n * outSize);
        tiles.forward(tileW, xs, n, yt, compensate, call.split(2), backend);
        if (channels != null && rowsPerSample > 0 && n % rowsPerSample == 0) {
            int p = rowsPerSample;
            io.analogcomposer.engine.tensor.Parallel.forRange(n / p, backend.threads(), 1, (i0, i1) -> {
                for (int img = i0; img < i1; img++) {
                    scaleBiasToChannels(yt, img * p * outSize, p, s, bv, channels, img * outSize * p);
                }
            });
            return true;
        }
        // row-major sweep (one output row at a time), rows split over the cores
        io.analogcomposer.engine.tensor.Parallel.forRange(n, backend.threads(), 64, (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                scaleBias(yt, y, b * outSize, s, bv);
            }
        });
        return false;
    }

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** {@code y = yt·s + bias} over one output row (vectorized; same float operations as the scalar tail). */
    private void scaleBias(float[] yt, float[] y, int base, float[] s, float[] bv) {
        int o = 0;
        for (int upper = S.loopBound(outSize); o < upper; o += S.length()) {
            var v = FloatVector.fromArray(S, yt, base + o)
                    .mul(FloatVector.fromArray(S, s, o));
            v = v.add(bv != null
                    ? FloatVector.fromArray(S, bv, o)
                    : FloatVector.zero(S));
            v.intoArray(y, base + o);
        }
        for (; o < outSize; o++) {
            y[base + o] = yt[base + o] * s[o] + (bv != null ? bv[o] : 0f);
        }
    }

    /**
     * {@code out[o, q] = yt[q, o]·s[o] + bias[o]} for the {@code p} rows of one image at {@code yo}: the float
     * operations of {@link #scaleBias} (a product, then a sum with the bias or +0), written transposed in 16x16 blocks.
     */
    private void scaleBiasToChannels(float[] yt, int yo, int p, float[] s, float[] bv, float[] out, int oo) {
        final int m = outSize, blk = 16;
        for (int q0 = 0; q0 < p; q0 += blk) {
            int q1 = Math.min(p, q0 + blk);
            for (int o0 = 0; o0 < m; o0 += blk) {
                int o1 = Math.min(m, o0 + blk);
                for (int q = q0; q < q1; q++) {
                    for (int o = o0; o < o1; o++) {
                        out[oo + o * p + q] = yt[yo + q * m + o] * s[o] + (bv != null ? bv[o] : 0f);
                    }
                }
            }
        }
    }

    private void initRangeFromData(float[] x, int n) {
        double s = 0, s2 = 0;
        long m = (long) n * inSize;
        for (int i = 0; i < m; i++) {
            s += x[i];
            s2 += (double) x[i] * x[i];
        }
        double std = Math.sqrt(Math.max(s2 / m - (s / m) * (s / m), 0));
        rangeInitSum += config.inputRange().initStdAlpha() * std;
        rangeInitBatches++;
        inputRange.value().data()[0] = (float) Math.max(rangeInitSum / rangeInitBatches, 1e-6);
    }

    /**
     * AIHWKit's {@code per_batch_sample} modifier: every sample of the batch sees its own draw of the modified
     * weights (its own stream), so the noise is not shared by the whole batch; much slower, as in AIHWKit (one tile
     * pass per sample). Backward multiplies each sample's output gradient by that sample's weights.
     */
    private void perSampleForward(float[] cw, float[] xs, int n, int rps, float[] y, Rng call) {
        int c = inSize + (analogBias() ? 1 : 0);
        int samples = n / rps;
        perSampleWeights = new float[samples][];
        yt = ensure(yt, n * outSize);
        float[] xsS = new float[rps * c], ytS = new float[rps * outSize];
        Rng modifierStreams = call.split(1), tileStreams = call.split(2);
        for (int sIdx = 0; sIdx < samples; sIdx++) {
            float[] ws = new float[cw.length];
            WeightModifier.apply(config.modifier(), cw, ws, outSize, c, tiles.rowSplits(), tiles.colSplits(),
                    modifierStreams.split(sIdx));
            perSampleWeights[sIdx] = ws;
            System.arraycopy(xs, sIdx * rps * c, xsS, 0, rps * c);
            tiles.forward(ws, xsS, rps, ytS, false, tileStreams.split(sIdx), backend);
            System.arraycopy(ytS, 0, yt, sIdx * rps * outSize, rps * outSize);
        }
        used = null;
        rowsPerSampleUsed = rps;
        boolean digitalBias = bias != null && !analogBias();
        float[] bv = digitalBias ? bias.value().data() : null;
        float[] s = new float[outSize];
        for (int o = 0; o < outSize; o++) {
            s[o] = scale(o) * rangeUsed;
        }
        for (int b = 0; b < n; b++) {
            scaleBias(yt, y, b * outSize, s, bv);
        }
    }

    /**
     * What each output's update signal is divided by: its mapping scale (AIHWKit's default pre_update), or, with
     * {@code weight_scaling_lr_compensation}, the mean of the mapping scales of its tile's outputs (AIHWKit then
     * divides the tile's learning rate by that mean and leaves the gradient alone: the same step).
     */
    private float[] updateDivisors() {
        float[] ms = mappingScales.data();
        if (!config.mapping().weightScalingLrCompensation()) {
            return ms;
        }
        float[] d = new float[outSize];
        int[] rowsOfTiles = tiles.rowSplits();
        for (int t = 0; t + 1 < rowsOfTiles.length; t++) {
            double sum = 0;
            for (int o = rowsOfTiles[t]; o < rowsOfTiles[t + 1]; o++) {
                sum += ms[o];
            }
            float mean = (float) (sum / (rowsOfTiles[t + 1] - rowsOfTiles[t]));
            java.util.Arrays.fill(d, rowsOfTiles[t], rowsOfTiles[t + 1], mean);
        }
        return d;
    }

    /**
     * One pass over the output-gradient rows: the tile's backward input {@code gt = dy·s} (with {@code withGt}), its
     * update signal
     * {@code gu = dy·out_scale / divisor}, and the sums over rows of the bias gradient ({@code dy}) and of the learned
     * output scales' gradient ({@code dy·yt·mapping·r}), vectorised along the outputs. Every element sees the same
     * float operations in the same row order as one scalar loop per quantity, so the results are the same bits.
     */
    private void rowGradients(float[] dy, int n, float[] ms, float[] bg, float[] og, float r, boolean withGt) {
        final int m = outSize;
        boolean perColumnScale = og != null && og.length == m;
        float[] map = mappingScales.data();
        int o = 0;
        for (int upper = S.loopBound(m); o < upper; o += S.length()) {
            var vs = FloatVector.fromArray(S, sc, o);
            var vl = FloatVector.fromArray(S, ls, o);
            var vm = FloatVector.fromArray(S, ms, o);
            var vmap = FloatVector.fromArray(S, map, o);
            var sb = FloatVector.zero(S);
            var so = FloatVector.zero(S);
            for (int b = 0; b < n; b++) {
                int i = b * m + o;
                var d = FloatVector.fromArray(S, dy, i);
                if (withGt) {
                    d.mul(vs).intoArray(gt, i);
                }
                d.mul(vl).div(vm).intoArray(gu, i);
                sb = sb.add(d);
                if (perColumnScale) {
                    so = so.add(d.mul(FloatVector.fromArray(S, yt, i)).mul(vmap).mul(r));
                }
            }
            if (bg != null) {
                sb.intoArray(bg, o); // sums from +0 in row order, as bg[o] += dy from a zeroed bg
            }
            if (perColumnScale) {
                so.intoArray(og, o);
            }
        }
        for (; o < m; o++) {
            float sb = 0f, so = 0f;
            for (int b = 0; b < n; b++) {
                float d = dy[b * m + o];
                if (withGt) {
                    gt[b * m + o] = d * sc[o];
                }
                gu[b * m + o] = d * ls[o] / ms[o];
                sb += d;
                if (perColumnScale) {
                    so += d * yt[b * m + o] * map[o] * r;
                }
            }
            if (bg != null) {
                bg[o] = sb;
            }
            if (perColumnScale) {
                og[o] = so;
            }
        }
        if (og != null && !perColumnScale) {
            // one learned scale for the layer: one sum over every (row, output) in the scalar loop's order
            float g0 = 0f;
            for (int b = 0; b < n; b++) {
                for (int k = 0; k < m; k++) {
                    g0 += dy[b * m + k] * yt[b * m + k] * map[k] * r;
                }
            }
            og[0] = g0;
        }
    }

    /**
     * What {@link #backwardRows} needs of one {@link #forwardRows} call, copied out of the layer's reused buffers,
     * for layers that call the same tiles several times in one forward (a recurrent cell, once per time step).
     */
    protected record CallState(float[] xin, float[] yt, float[] used, float[][] perSampleWeights,
            int rowsPerSampleUsed, int rows, float rangeUsed) {}

    /** The state of the last {@link #forwardRows} call, to {@link #restoreCall} before its backward. */
    protected final CallState saveCall() {
        return new CallState(copyOf(xin, rows * (inSize + (analogBias() ? 1 : 0))), copyOf(yt, rows * outSize),
                used == null ? null : used.clone(), perSampleWeights, rowsPerSampleUsed, rows, rangeUsed);
    }

    /** Makes {@code call} the last forward again, so {@link #backwardRows} differentiates that call. */
    protected final void restoreCall(CallState call) {
        xin = call.xin();
        yt = call.yt();
        used = call.used();
        perSampleWeights = call.perSampleWeights();
        rowsPerSampleUsed = call.rowsPerSampleUsed();
        rows = call.rows();
        rangeUsed = call.rangeUsed();
    }

    private static float[] copyOf(float[] a, int n) {
        return a == null ? null : java.util.Arrays.copyOf(a, Math.min(n, a.length));
    }

    /**
     * Exact backward of the last {@link #forwardRows}: {@code dy [n, out]} gives the parameter gradients and, unless
     * not needed, {@code dx [n, in]} (null otherwise). {@code x} is the same input as in the forward.
     */
    protected final float[] backwardRows(float[] x, float[] dy, float[] dx) {
        return backwardRows(x, dy, dx, 0, null);
    }

    /** Takes the input gradient of rows {@code [from, to)} of a backward pass, held in {@code dx} from index 0. */
    protected interface RowGradientSink {
        void accept(float[] dx, int from, int to);
    }

    /**
     * As {@link #backwardRows(float[], float[], float[])}, handing the input gradient to {@code sink} in blocks of
     * {@code blockRows} rows (a multiple of a convolution's rows per image) instead of writing all of it: a block is
     * consumed while in cache and no buffer of all rows' gradients is needed. With an input range, an analog bias
     * column or per-sample weights the gradient is computed whole and handed over in one block.
     */
    protected final void backwardRowBlocks(float[] x, float[] dy, int blockRows, RowGradientSink sink) {
        backwardRows(x, dy, null, blockRows, sink);
    }

    private float[] backwardRows(float[] x, float[] dy, float[] dx, int blockRows, RowGradientSink sink) {
        int n = rows, c = inSize + (analogBias() ? 1 : 0);
        if (sink != null && !(perSampleWeights == null && inputRange == null && c == inSize && blockRows > 0)) {
            dxWhole = ensure(dxWhole, n * inSize);
            backwardRows(x, dy, dxWhole, 0, null);
            sink.accept(dxWhole, 0, n);
            return null;
        }
        float r = rangeUsed;
        gt = ensure(gt, n * outSize);
        gu = ensure(gu, n * outSize);
        float[] ms = updateDivisors();
        sc = ensure(sc, outSize);
        ls = ensure(ls, outSize);
        for (int o = 0; o < outSize; o++) {
            sc[o] = scale(o);
            ls[o] = learnedScale(o);
        }
        float[] bg = bias == null ? null : bias.grad().data();
        float[] og = outScale == null ? null : outScale.grad().data();
        // the tile's backward input only matters when an input gradient is taken (not for a first layer)
        rowGradients(dy, n, ms, bg, og, r, dx != null || sink != null || inputRange != null);
        // the weight "gradient" is the update AIHWKit's inference tile applies: (dy·out_scale/s)^T xin, the tile's
        // own (range-scaled) input; only with s = 1, out_scale = 1 and no input range is it the exact gradient
        // without an analog bias column the tile's gradient is the weight's: no staging buffer, no copy
        float[] wg = weight.grad().data();
        float[] gW = c == inSize ? wg : (gWBuf = ensure(gWBuf, outSize * c));
        if (OuterProducts.supports(outSize)) {
            // many rows (a convolution's patches), few outputs: the chunked outer-product sum, the same bits
            gWork = ensure(gWork, outSize * c);
            OuterProducts.sumAtB(outSize, c, n, gu, 0, outSize, xin, 0, c, gW, 0, c, gWork, backend.threads());
        } else {
            backend.sgemm(true, false, outSize, c, n, 1f, gu, 0, outSize, xin, 0, c, 0f, gW, 0, c);
        }
        if (gW != wg) {
            for (int o = 0; o < outSize; o++) {
                System.arraycopy(gW, o * c, wg, o * inSize, inSize);
            }
        }
        stepPending = true;
        if (sink != null) {
            // block by block: the same products row for row (each element's sum over the outputs is unchanged)
            dxBlock = ensure(dxBlock, blockRows * c);
            for (int from = 0; from < n; from += blockRows) {
                int to = Math.min(n, from + blockRows);
                backend.sgemm(false, false, to - from, c, outSize, 1f, gt, from * outSize, outSize, used, 0, c, 0f,
                        dxBlock, 0, c);
                sink.accept(dxBlock, from, to);
            }
            return null;
        }
        boolean needDx = dx != null || inputRange != null;
        if (!needDx) {
            return null;
        }
        // gradient w.r.t. the tile input (straight-through the DAC), then through the input range clip
        // the input gradient goes straight into dx when the rows have the same width (no analog bias column);
        // otherwise into a buffer kept between calls (every element is written by the products below)
        float[] gx = dx != null && c == inSize && dx != x && dx != dy ? dx : (gxBuf = ensure(gxBuf, n * c));
        if (perSampleWeights != null) {
            int rps = rowsPerSampleUsed;
            for (int sIdx = 0; sIdx < perSampleWeights.length; sIdx++) {
                backend.sgemm(false, false, rps, c, outSize, 1f, gt, sIdx * rps * outSize, outSize,
                        perSampleWeights[sIdx], 0, c, 0f, gx, sIdx * rps * c, c);
            }
        } else {
            backend.sgemm(false, false, n, c, outSize, 1f, gt, 0, outSize, used, 0, c, 0f, gx, 0, c);
        }
        if (inputRange != null) {
            double gr = 0;
            long inside = 0;
            for (int b = 0; b < n; b++) {
                for (int j = 0; j < inSize; j++) {
                    float v = x[b * inSize + j];
                    if (Math.abs(v) >= r) {
                        gr += gx[b * c + j] * Math.signum(v); // clipped inputs pull the range outwards
                        gx[b * c + j] = 0f;
                    } else {
                        inside++;
                    }
                }
            }
            // decay shrinks the range while enough inputs fit; below input_min_percentage it grows instead
            double frac = (double) inside / ((long) n * inSize);
            double decay = config.inputRange().decay() * r;
            gr += frac >= config.inputRange().inputMinPercentage() ? decay : -decay;
            inputRange.grad().data()[0] = config.inputRange().learnInputRange() ? (float) gr : 0f;
        }
        if (dx == null) {
            return null;
        }
        if (gx != dx) {
            for (int b = 0; b < n; b++) {
                System.arraycopy(gx, b * c, dx, b * inSize, inSize);
            }
        }
        return dx;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>(4);
        ps.add(weight);
        if (bias != null) {
            ps.add(bias);
        }
        if (outScale != null) {
            ps.add(outScale);
        }
        if (inputRange != null) {
            ps.add(inputRange);
        }
        return ps;
    }

    @Override
    public Map<String, Tensor> buffers() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("mapping_scales", mappingScales);
        return m;
    }

    @Override
    public void visitTrainingState(io.analogcomposer.engine.resume.StateRegistry registry) {
        super.visitTrainingState(registry);
        registry.rng("rng", rng);
        registry.scalar("calls", () -> calls, v -> calls = v); // each forward's noise comes from split(calls)
        registry.scalar("step_pending", () -> stepPending ? 1 : 0, v -> stepPending = v != 0);
        registry.scalar("range_init_batches", () -> rangeInitBatches, v -> rangeInitBatches = (int) v);
        registry.real("range_init_sum", () -> rangeInitSum, v -> rangeInitSum = v);
    }

    /** The weight parameter (normalized device units). */
    public Parameter weight() {
        return weight;
    }

    /** The bias parameter, or null. */
    public Parameter bias() {
        return bias;
    }

    /** The digital mapping scales {@code [out]}. */
    public Tensor mappingScales() {
        return mappingScales;
    }

    /** The learned output scales, or null. */
    public Parameter outScale() {
        return outScale;
    }

    /** The learned input range, or null. */
    public Parameter inputRange() {
        return inputRange;
    }

    static float[] ensure(float[] a, int n) {
        return a != null && a.length >= n ? a : new float[n];
    }
}
