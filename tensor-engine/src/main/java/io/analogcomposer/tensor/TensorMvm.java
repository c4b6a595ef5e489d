package io.analogcomposer.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.analogcomposer.engine.analog.io.AnalogMvType;
import io.analogcomposer.engine.analog.io.BoundManagement;
import io.analogcomposer.engine.analog.io.IOParameters;
import io.analogcomposer.engine.analog.io.NoiseManagement;
import io.analogcomposer.engine.analog.io.WeightNoiseType;

/**
 * The non-ideal forward MVM of one tile as tensor operations, the same steps as the Java engine's {@code AnalogMvm}
 * for a whole batch at once: per-row noise management, DAC (scale, round, clip, input noise), the product with IR drop
 * and weight noise, ADC (output noise, round, clip) and iterative bound management, where every round recomputes the
 * batch and keeps the rows that stayed inside the bound (one boolean read back per round).
 *
 * <p>
 * Float32 throughout, as in the Java engine; rounding is PyTorch's {@code round} (half to even, like
 * {@code Math.rint}). Random numbers come from the device's generator: the same distributions as the Java engine,
 * not the same draws.
 */
final class TensorMvm {
    /** AIHWKit's fixed w_max of ABS_MAX_NP_SUM, as in the Java engine. */
    private static final float NM_ASSUMED_WMAX = 0.6f;

    private final IOParameters io;
    private final int rows, cols;
    private final float inStep, outStep, inBound, outBound;
    /** Each output's output-noise std (out_noise_std), drawn once per tile; null: the scalar out_noise. */
    private final NDArray outNoiseValues;
    /** Each output's non-linearity strength ({@code [1, rows]}, drawn once per tile), or null without one. */
    private final NDArray nonlinearity;
    /** The slope calibration's gain restoring the small-signal slope the non-linearity removes (1 without). */
    private final float nlFactor;

    /** Throws {@link UnsupportedOnTensorPath} naming the first forward setting the tensor program lacks. */
    static void checkSupported(IOParameters io) {
        if (io.isPerfect()) {
            return;
        }
        if (io.mvType() != AnalogMvType.ONE_PASS) {
            throw new UnsupportedOnTensorPath("forward.mv_type=" + io.mvType().name().toLowerCase(),
                    "only one_pass");
        }
        if (io.noiseManagement() == NoiseManagement.AVERAGE_ABS_MAX) {
            throw new UnsupportedOnTensorPath("forward.noise_management=average_abs_max",
                    "its running average is sequential over the input vectors");
        }
        if (io.hasVoltageOffsets()) {
            throw new UnsupportedOnTensorPath(io.rSeries() > 0 ? "forward.r_series" : "forward.v_offset_std", null);
        }
        if (io.wReadAsymmetryDtod() > 0) {
            throw new UnsupportedOnTensorPath("forward.w_read_asymmetry_dtod", null);
        }
    }

    TensorMvm(IOParameters io, int rows, int cols, NDManager manager) {
        checkSupported(io);
        this.io = io;
        this.rows = rows;
        this.cols = cols;
        this.inStep = (float) io.inputStep();
        this.outStep = (float) io.outputStep();
        this.inBound = io.inpBound() > 0 ? (float) io.inpBound() : Float.POSITIVE_INFINITY;
        this.outBound = io.outBound() > 0 ? (float) io.outBound() : Float.POSITIVE_INFINITY;
        if (!io.isPerfect() && io.outNoiseStd() > 0) {
            outNoiseValues = manager.randomNormal(0f, 1f, new Shape(1, rows), DataType.FLOAT32)
                    .mul((float) io.outNoiseStd()).add(1f).mul((float) io.outNoise()).abs();
        } else {
            outNoiseValues = null;
        }
        // drawn per output line as in the Java engine: |out_nonlinearity / bound · (1 + std·N)|
        if (!io.isPerfect() && io.outNonlinearity() > 0) {
            double boundForNl = io.outBound() > 0 ? io.outBound() : 1.0;
            nonlinearity = manager.randomNormal(0f, 1f, new Shape(1, rows), DataType.FLOAT32)
                    .mul((float) Math.max(io.outNonlinearityStd(), 0)).add(1f)
                    .mul((float) (io.outNonlinearity() / boundForNl)).abs();
            double mean = nonlinearity.mean().getFloat();
            double f = 1 + mean * io.slopeCalibration() * boundForNl;
            nlFactor = io.slopeCalibration() > 0 ? (float) (f * f) : 1f;
        } else {
            nonlinearity = null;
            nlFactor = 1f;
        }
    }

    /**
     * A tile's weights as the forward reads them: transposed {@code [cols, rows]} and, where weight noise or IR drop
     * need them, their magnitudes; made once per programmed state, in the weights' manager.
     */
    record Weights(NDArray wt, NDArray absWt) implements AutoCloseable {
        @Override
        public void close() {
            wt.close();
            if (absWt != null) {
                absWt.close();
            }
        }
    }

    /** The weights {@code w [rows, cols]} prepared for {@link #forward}. */
    Weights prepare(NDArray w) {
        NDArray view = w.transpose();
        NDArray wt = view.duplicate(); // contiguous, so every batch's product reads it directly
        view.close();
        boolean needAbs = !io.isPerfect()
                && (io.wNoiseType() == WeightNoiseType.PCM_READ && io.wNoise() > 0 || io.irDrop() > 0);
        return new Weights(wt, needAbs ? wt.abs() : null);
    }

    /**
     * {@code y [n, rows] = MVM(w, x [n, cols])}; every intermediate lives in x's manager, so a caller closing that
     * manager frees them all.
     */
    NDArray forward(Weights w, NDArray x) {
        NDManager m = x.getManager();
        NDArray wt = w.wt();
        if (io.isPerfect()) {
            return x.matMul(wt).mul((float) io.outScale());
        }
        long n = x.getShape().get(0);
        boolean nm = io.noiseManagement() != NoiseManagement.NONE;
        boolean bm = io.boundManagement() != BoundManagement.NONE && Float.isFinite(outBound);
        NDArray nmScale = nm ? noiseManagementScale(x, io.noiseManagement()) : m.ones(new Shape(n, 1));
        // an all-zero input (noise management scale <= 0) gives a zero output unless input noise makes something of
        // it, as in the Java engine
        NDArray zero = nm && io.inpNoise() <= 0 ? nmScale.lte(0f) : null;
        NDArray reduction = m.ones(new Shape(n, 1));
        // round 0 computes every row; later rounds only the rows that saturated (selected by a boolean index)
        Round first = round(x, w, nmScale, reduction, zero, bm, m);
        if (!bm) {
            return first.value();
        }
        NDArray y = first.value();
        float maxRed = io.maxBmFactor();
        float resLimit = inStep > 0 ? (float) (io.maxBmRes() / inStep) : Float.POSITIVE_INFINITY;
        // a saturated row goes again unless bound management gives up at this reduction (as the Java engine decides)
        NDArray pending = first.still().logicalAnd(reduction.lte(maxRed)).logicalAnd(reduction.lte(resLimit))
                .reshape(n);
        for (int r = 1; pending.any().getBoolean(); r++) {
            NDIndex rows = new NDIndex("{}", pending);
            NDArray red = reduction.get(rows);
            NDArray scale = nmScale.get(rows);
            NDArray xs = x.get(rows);
            if (r == 1 && io.boundManagement() == BoundManagement.ITERATIVE_WORST_CASE
                    && io.noiseManagement() != NoiseManagement.ABS_MAX_NP_SUM) {
                scale = noiseManagementScale(xs, NoiseManagement.ABS_MAX_NP_SUM);
                nmScale.set(rows, scale);
                red = red.onesLike(); // the worst-case scale replaces the halving of round 0
            } else {
                red = red.mul(2f);
            }
            reduction.set(rows, red);
            Round next = round(xs, w, scale, red, zero == null ? null : zero.get(rows), true, m);
            y.set(rows, next.value());
            NDArray still = next.still().logicalAnd(red.lte(maxRed)).logicalAnd(red.lte(resLimit));
            NDArray again = pending.zerosLike();
            again.set(rows, still.reshape(still.getShape().get(0)));
            pending = again;
        }
        return y;
    }

    /** One bound-management round's outputs and the rows that saturated ({@code [n, 1]}, null without a bound). */
    private record Round(NDArray value, NDArray still) {}

    /** DAC, product, non-idealities, ADC and the digital rescaling of the rows {@code x} at their scales. */
    private Round round(NDArray x, Weights w, NDArray nmScale, NDArray reduction, NDArray zero, boolean bm,
            NDManager m) {
        boolean nm = io.noiseManagement() != NoiseManagement.NONE;
        NDArray ones = nmScale.onesLike();
        // float32 scale 1/nm/reduction, as the Java engine computes it
        NDArray s = nm ? TensorMvm.where(nmScale.gt(0f), ones.div(nmScale), ones) : ones;
        if (io.boundManagement() != BoundManagement.NONE) {
            s = s.div(reduction);
        }
        NDArray xq = dac(x.mul(s), m);
        if (zero != null && io.noiseManagement() == NoiseManagement.MAX) {
            // a row whose max is <= 0 need not be zero: the Java engine feeds zeros (abs-max rows are zero already)
            xq = where(zero, m.zeros(new Shape(1, 1)), xq);
        }
        NDArray yq = xq.matMul(w.wt());
        if (io.irDrop() > 0) {
            yq = irDrop(w.wt(), w.absWt(), xq, yq, m);
        }
        if (io.wNoise() > 0 && io.wNoiseType() != WeightNoiseType.NONE) {
            yq = weightNoise(w.absWt(), xq, yq, m);
        }
        if (nonlinearity != null) {
            // the S-shaped ADC transfer v·factor / (1 + |nl·v|), before asymmetry and noise as in the Java engine
            yq = yq.mul(nlFactor).div(yq.mul(nonlinearity).abs().add(1f));
        }
        if (io.outAsymmetry() != 0) {
            // negative outputs scaled before the output noise, as in the Java engine
            yq = where(yq.lt(0f), yq.mul((float) (1.0 - io.outAsymmetry())), yq);
        }
        yq = outputNoise(yq, m);
        yq = round(yq, outStep, io.outStoRound(), m);
        NDArray still = null;
        if (Float.isFinite(outBound)) {
            if (bm) {
                NDArray over = yq.gt(outBound);
                if (io.bmTestNegativeBound()) {
                    over = over.logicalOr(yq.lt(-outBound));
                }
                still = over.toType(DataType.FLOAT32, false).max(new int[]{1}, true).gt(0.5f);
                if (zero != null) {
                    still = still.logicalAnd(zero.logicalNot());
                }
            }
            yq = yq.clip(-outBound, outBound);
        }
        NDArray value = yq.mul(m.full(new Shape(1, 1), (float) io.outScale()).div(s));
        if (zero != null) {
            value = where(zero, m.zeros(new Shape(1, 1)), value);
        }
        return new Round(value, still);
    }

    /** DAC: round to the input step (optionally stochastically), clip to the input bound, input noise, asymmetry. */
    private NDArray dac(NDArray v, NDManager m) {
        v = round(v, inStep, io.inpStoRound(), m);
        if (Float.isFinite(inBound)) {
            v = v.clip(-inBound, inBound);
        }
        if (io.inpNoise() > 0) {
            v = v.add(m.randomNormal(0f, 1f, v.getShape(), DataType.FLOAT32).mul((float) io.inpNoise()));
        }
        if (io.inpAsymmetry() != 0) {
            v = where(v.lt(0f), v.mul((float) (1.0 - io.inpAsymmetry())), v);
        }
        return v;
    }

    /** {@code rint(v/step)·step}, or stochastic rounding {@code rint(v/step + U − 0.5)·step}. */
    private static NDArray round(NDArray v, float step, boolean stochastic, NDManager m) {
        if (!(step > 0)) {
            return v;
        }
        NDArray q = v.div(step);
        if (stochastic) {
            q = q.add(m.randomUniform(0f, 1f, q.getShape(), DataType.FLOAT32)).sub(0.5f);
        }
        return q.round().mul(step);
    }

    private NDArray outputNoise(NDArray yq, NDManager m) {
        if (outNoiseValues == null && !(io.outNoise() > 0)) {
            return yq;
        }
        NDArray z = m.randomNormal(0f, 1f, yq.getShape(), DataType.FLOAT32);
        return yq.add(outNoiseValues != null ? z.mul(outNoiseValues) : z.mul((float) io.outNoise()));
    }

    /** PCM read noise {@code wn·sqrt(Σ x²|w|)·N}, or additive constant noise {@code wn·|x|·N}, per output. */
    private NDArray weightNoise(NDArray absWt, NDArray xq, NDArray yq, NDManager m) {
        float wn = (float) io.wNoise();
        NDArray z = m.randomNormal(0f, 1f, yq.getShape(), DataType.FLOAT32);
        if (io.wNoiseType() == WeightNoiseType.ADDITIVE_CONSTANT) {
            NDArray std = xq.square().sum(new int[]{1}, true).sqrt().mul(wn);
            return yq.add(z.mul(std));
        }
        NDArray acc = xq.square().matMul(absWt).maximum(0f);
        return yq.add(acc.sqrt().mul(wn).mul(z));
    }

    /**
     * IR drop: each output's loss grows with its total current {@code a = n/g_ratio·Σ|w||x|} as
     * {@code c = a(a(0.05a − 0.2) + 0.5)} and weighs inputs far from the driver more, {@code x_j(1 − (1 − j/n)²)}.
     */
    private NDArray irDrop(NDArray wt, NDArray absWt, NDArray xq, NDArray yq, NDManager m) {
        NDArray current = xq.abs().matMul(absWt);
        NDArray q = m.arange(0f, (float) cols, 1f, DataType.FLOAT32).div((float) cols).neg().add(1f);
        NDArray weightOfInput = q.square().neg().add(1f).reshape(1, cols);
        NDArray weighted = xq.mul(weightOfInput).matMul(wt).mul((float) io.irDrop());
        NDArray a = current.mul((float) (cols / io.irDropGRatio()));
        NDArray c = a.mul(0.05f).sub(0.2f).mul(a).add(0.5f).mul(a);
        return yq.sub(c.mul(weighted));
    }

    /** The divisor that brings each input row into the DAC range, {@code [n, 1]}. */
    private NDArray noiseManagementScale(NDArray x, NoiseManagement type) {
        NDManager m = x.getManager();
        long n = x.getShape().get(0);
        float thres = (float) io.nmThres();
        return switch (type) {
            case NONE -> m.ones(new Shape(n, 1));
            case CONSTANT -> m.full(new Shape(n, 1), thres > 0 ? thres : 1f);
            case MAX -> {
                NDArray mx = x.max(new int[]{1}, true);
                yield thres > 0 ? mx.minimum(thres) : mx;
            }
            case ABS_MAX -> {
                NDArray mx = x.abs().max(new int[]{1}, true);
                yield thres > 0 ? mx.minimum(thres) : mx;
            }
            case ABS_MAX_NP_SUM -> {
                NDArray mx = x.abs().max(new int[]{1}, true);
                mx = thres > 0 ? mx.minimum(thres) : mx;
                NDArray ps = x.maximum(0f).sum(new int[]{1}, true);
                NDArray ns = x.minimum(0f).sum(new int[]{1}, true).neg();
                float bound = Float.isFinite(outBound) ? outBound : 1f;
                NDArray np = ps.maximum(ns).mul(NM_ASSUMED_WMAX / bound);
                if (inStep > 0) {
                    np = np.minimum(mx.div(inStep).mul((float) io.maxBmRes()));
                }
                yield mx.maximum(np);
            }
            case AVERAGE_ABS_MAX -> throw new UnsupportedOnTensorPath("forward.noise_management=average_abs_max",
                    null);
        };
    }

    /** {@code where(c, a, b)} with broadcasting (DJL's PyTorch {@code where} wants equal shapes). */
    static NDArray where(NDArray c, NDArray a, NDArray b) {
        Shape sc = c.getShape(), sa = a.getShape(), sb = b.getShape();
        int rank = Math.max(sc.dimension(), Math.max(sa.dimension(), sb.dimension()));
        long[] dims = new long[rank];
        for (Shape s : new Shape[]{sc, sa, sb}) {
            for (int i = 0; i < s.dimension(); i++) {
                int k = rank - s.dimension() + i;
                dims[k] = Math.max(dims[k], s.get(i));
            }
        }
        Shape target = new Shape(dims);
        return NDArrays.where(sc.equals(target) ? c : c.broadcast(target), sa.equals(target) ? a : a.broadcast(target),
                sb.equals(target) ? b : b.broadcast(target));
    }

    int rows() {
        return rows;
    }

    int cols() {
        return cols;
    }
}
