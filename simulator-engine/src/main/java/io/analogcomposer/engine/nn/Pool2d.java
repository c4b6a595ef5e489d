package io.analogcomposer.engine.nn;

import io.analogcomposer.engine.tensor.Parallel;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Max or average pooling over 2-D windows, per channel: {@code [B, C, H, W] -> [B, C, OH, OW]}. Max pooling pads with
 * negative infinity and supports dilation; average pooling counts padding in the divisor (PyTorch's
 * {@code count_include_pad=True}). With {@code ceilMode} the output size rounds up, as in PyTorch, and a last window
 * that would start in the right padding is dropped.
 */
public final class Pool2d extends Module {
    /** Which reduction the window applies. */
    public enum Kind {
        MAX("max_pool2d"), AVG("avg_pool2d");

        private final String type;

        Kind(String type) {
            this.type = type;
        }
    }

    private final Kind kind;
    private final int k, stride, pad, dil;
    private final boolean ceil;
    private Tensor output, gradInput;
    private int[] argmax = new int[0];
    private int batch, channels, h, w, oh, ow;

    /** A pooling layer without dilation, rounding down; {@code stride <= 0} means stride = kernel. */
    public Pool2d(Kind kind, int kernel, int stride, int padding) {
        this(kind, kernel, stride, padding, 1, false);
    }

    /** A pooling layer; {@code stride <= 0} means stride = kernel; dilation applies to max pooling only. */
    public Pool2d(Kind kind, int kernel, int stride, int padding, int dilation, boolean ceilMode) {
        int s = stride <= 0 ? kernel : stride;
        if (kernel < 1 || padding < 0 || padding * 2 > kernel || dilation < 1) {
            throw new IllegalArgumentException(kind.type + " needs kernel >= 1, dilation >= 1 and 0 <= padding <= "
                    + "kernel/2, got kernel " + kernel + " padding " + padding + " dilation " + dilation);
        }
        if (kind == Kind.AVG && dilation != 1) {
            throw new IllegalArgumentException("avg_pool2d has no dilation, got " + dilation);
        }
        this.kind = kind;
        this.k = kernel;
        this.stride = s;
        this.pad = padding;
        this.dil = dilation;
        this.ceil = ceilMode;
    }

    /** Output length along one axis of input length {@code in}. */
    private int outSize(int in) {
        int span = in + 2 * pad - dil * (k - 1) - 1;
        if (span < 0) {
            throw new IllegalArgumentException(kind.type + " window " + (dil * (k - 1) + 1)
                    + " does not fit the padded input " + (in + 2 * pad));
        }
        int out = (ceil ? (span + stride - 1) / stride : span / stride) + 1;
        if (ceil && (out - 1) * stride >= in + pad) {
            out--;
        }
        return out;
    }

    @Override
    public String type() {
        return kind.type;
    }

    /** Max or average pooling. */
    public Kind kind() {
        return kind;
    }

    /** The window {@code {kernel, stride, padding, dilation}} (square). */
    public int[] window() {
        return new int[]{k, stride, pad, dil};
    }

    /** Whether output sizes round up. */
    public boolean ceilMode() {
        return ceil;
    }

    @Override
    public int[] outputShape(int[] s) {
        if (s.length != 3) {
            throw new IllegalArgumentException(kind.type + " expects input shape [C, H, W], got " + Arrays.toString(s));
        }
        return new int[]{s[0], outSize(s[1]), outSize(s[2])};
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException(kind.type + " expects [batch, C, H, W], got " + x.shapeString());
        }
        batch = x.dim(0);
        channels = x.dim(1);
        h = x.dim(2);
        w = x.dim(3);
        oh = outSize(h);
        ow = outSize(w);
        output = Tensor.ensure(output, batch, channels, oh, ow);
        int planes = batch * channels;
        if (kind == Kind.MAX && argmax.length < output.size()) {
            argmax = new int[output.size()];
        }
        float[] in = x.data(), out = output.data();
        if (pad == 0 && dil == 1 && (oh - 1) * stride + k <= h && (ow - 1) * stride + k <= w) {
            // Every window lies inside the image (the usual LeNet/VGG case): no bounds checks in the inner loops.
            Parallel.forRange(planes, backend.threads(), 1, (q0, q1) -> insideWindows(in, out, q0, q1));
            return output;
        }
        Parallel.forRange(planes, backend.threads(), 1, (q0, q1) -> {
            for (int q = q0; q < q1; q++) {
                int ib = q * h * w, ob = q * oh * ow;
                for (int y = 0; y < oh; y++) {
                    for (int xx = 0; xx < ow; xx++) {
                        int o = ob + y * ow + xx;
                        if (kind == Kind.MAX) {
                            float best = Float.NEGATIVE_INFINITY;
                            int bi = -1;
                            for (int i = 0; i < k; i++) {
                                int ih = y * stride - pad + i * dil;
                                if (ih < 0 || ih >= h) {
                                    continue;
                                }
                                for (int j = 0; j < k; j++) {
                                    int iw = xx * stride - pad + j * dil;
                                    if (iw < 0 || iw >= w) {
                                        continue;
                                    }
                                    float v = in[ib + ih * w + iw];
                                    if (v > best || bi < 0) {
                                        best = v;
                                        bi = ih * w + iw;
                                    }
                                }
                            }
                            out[o] = best;
                            argmax[o] = bi;
                        } else {
                            float s = 0f;
                            for (int i = 0; i < k; i++) {
                                int ih = y * stride - pad + i * dil;
                                if (ih < 0 || ih >= h) {
                                    continue;
                                }
                                for (int j = 0; j < k; j++) {
                                    int iw = xx * stride - pad + j * dil;
                                    if (iw >= 0 && iw < w) {
                                        s += in[ib + ih * w + iw];
                                    }
                                }
                            }
                            out[o] = s / divisor(y, xx);
                        }
                    }
                }
            }
        });
        return output;
    }

    private void insideWindows(float[] in, float[] out, int q0, int q1) {
        final int k = this.k, stride = this.stride, h = this.h, w = this.w, oh = this.oh, ow = this.ow;
        final int[] arg = argmax;
        final float area = k * k;
        final boolean max = kind == Kind.MAX;
        for (int q = q0; q < q1; q++) {
            int ib = q * h * w, ob = q * oh * ow;
            for (int y = 0; y < oh; y++) {
                int rowBase = ib + y * stride * w;
                int o = ob + y * ow;
                if (max && k == 2 && stride == 2) {
                    int xx = vectorRow(in, out, arg, rowBase, o, ib, q1 * oh * ow);
                    // the outputs that a whole vector cannot take: the scalar loop below, from xx on
                    for (; xx < ow; xx++) {
                        int b0 = rowBase + xx * 2, b1 = b0 + w;
                        float best = in[b0], v = in[b0 + 1];
                        int bi = b0;
                        boolean gt = v > best;
                        best = gt ? v : best;
                        bi = gt ? b0 + 1 : bi;
                        v = in[b1];
                        gt = v > best;
                        best = gt ? v : best;
                        bi = gt ? b1 : bi;
                        v = in[b1 + 1];
                        gt = v > best;
                        best = gt ? v : best;
                        bi = gt ? b1 + 1 : bi;
                        out[o + xx] = best;
                        arg[o + xx] = bi - ib;
                    }
                    continue;
                }
                if (max && k == 2) {
                    // the common 2x2 window, unrolled; ties keep the first element in row-major order
                    for (int xx = 0; xx < ow; xx++) {
                        int b0 = rowBase + xx * stride, b1 = b0 + w;
                        // selects instead of branches (conditional moves): which element wins is random
                        float best = in[b0], v = in[b0 + 1];
                        int bi = b0;
                        boolean gt = v > best;
                        best = gt ? v : best;
                        bi = gt ? b0 + 1 : bi;
                        v = in[b1];
                        gt = v > best;
                        best = gt ? v : best;
                        bi = gt ? b1 : bi;
                        v = in[b1 + 1];
                        gt = v > best;
                        best = gt ? v : best;
                        bi = gt ? b1 + 1 : bi;
                        out[o + xx] = best;
                        arg[o + xx] = bi - ib;
                    }
                    continue;
                }
                for (int xx = 0; xx < ow; xx++) {
                    int base = rowBase + xx * stride;
                    if (max) {
                        float best = in[base];
                        int bi = base;
                        for (int i = 0; i < k; i++) {
                            int r = base + i * w;
                            for (int j = 0; j < k; j++) {
                                float v = in[r + j];
                                if (v > best) {
                                    best = v;
                                    bi = r + j;
                                }
                            }
                        }
                        out[o + xx] = best;
                        arg[o + xx] = bi - ib;
                    } else {
                        float sum = 0f;
                        for (int i = 0; i < k; i++) {
                            int r = base + i * w;
                            for (int j = 0; j < k; j++) {
                                sum += in[r + j];
                            }
                        }
                        out[o + xx] = sum / area;
                    }
                }
            }
        }
    }

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> IS = IntVector.SPECIES_PREFERRED;
    private static final int VL = FS.length();
    /** Even and odd lanes of two consecutive vectors (an index below 0 takes lane {@code i + VL} of the second). */
    private static final VectorShuffle<Float> EVEN = pairs(0), ODD = pairs(1);

    private static VectorShuffle<Float> pairs(int first) {
        int[] idx = new int[VL];
        for (int i = 0; i < VL; i++) {
            int j = 2 * i + first;
            idx[i] = j < VL ? j : j - 2 * VL;
        }
        return VectorShuffle.fromValues(FS, idx);
    }

    /**
     * A 2x2, stride-2 max-pool output row, {@link #VL} outputs at a time: the four window elements of each output are
     * compared in the scalar loop's order with the same strict comparisons (the first maximum in row-major order
     * wins), with selects instead of the branches that random winners mispredict. Returns the first output left to
     * the scalar loop (those whose vectors would read past the input).
     */
    private int vectorRow(float[] in, float[] out, int[] arg, int rowBase, int o, int ib, int limit) {
        if (FS.length() != IS.length()) {
            return 0;
        }
        int xx = 0;
        IntVector lane2 = IntVector.zero(IS).addIndex(2);
        for (; xx < ow; xx += VL) {
            int b0 = rowBase + 2 * xx, b1 = b0 + w;
            if (b1 + 2 * VL > in.length) {
                break;
            }
            FloatVector t0 = FloatVector.fromArray(FS, in, b0), t1 = FloatVector.fromArray(FS, in, b0 + VL);
            FloatVector u0 = FloatVector.fromArray(FS, in, b1), u1 = FloatVector.fromArray(FS, in, b1 + VL);
            FloatVector best = t0.rearrange(EVEN, t1);
            IntVector bi = lane2.add(b0 - ib);
            FloatVector v = t0.rearrange(ODD, t1);
            VectorMask<Float> gt = v.compare(VectorOperators.GT, best);
            best = best.blend(v, gt);
            bi = bi.blend(lane2.add(b0 + 1 - ib), gt.cast(IS));
            v = u0.rearrange(EVEN, u1);
            gt = v.compare(VectorOperators.GT, best);
            best = best.blend(v, gt);
            bi = bi.blend(lane2.add(b1 - ib), gt.cast(IS));
            v = u0.rearrange(ODD, u1);
            gt = v.compare(VectorOperators.GT, best);
            best = best.blend(v, gt);
            bi = bi.blend(lane2.add(b1 + 1 - ib), gt.cast(IS));
            if (o + xx + VL <= limit) {
                // lanes past the row land on outputs of this task that later rows overwrite (they are written in
                // order); a masked store is not intrinsified here and costs more than the whole row
                best.intoArray(out, o + xx);
                bi.intoArray(arg, o + xx);
            } else {
                VectorMask<Float> live = FS.indexInRange(xx, ow);
                best.intoArray(out, o + xx, live);
                bi.intoArray(arg, o + xx, live.cast(IS));
            }
            if (xx + VL >= ow) {
                return ow;
            }
        }
        return xx;
    }

    /** Average-pool divisor: the window clipped to the padded image (k*k unless a ceil-mode window overhangs). */
    private int divisor(int y, int x) {
        int hs = y * stride - pad, ws = x * stride - pad;
        return (Math.min(hs + k, h + pad) - hs) * (Math.min(ws + k, w + pad) - ws);
    }

    @Override
    public Tensor backward(Tensor dy) {
        if (dy.size() != output.size()) {
            throw new IllegalArgumentException(kind.type + " backward expects " + output.shapeString() + ", got "
                    + dy.shapeString());
        }
        if (!needsInputGrad) {
            return null;
        }
        gradInput = Tensor.ensure(gradInput, batch, channels, h, w);
        float[] g = gradInput.data(), d = dy.data();
        Parallel.forRange(batch * channels, backend.threads(), 1, (q0, q1) -> {
            for (int q = q0; q < q1; q++) {
                int ib = q * h * w, ob = q * oh * ow;
                Arrays.fill(g, ib, ib + h * w, 0f);
                for (int y = 0; y < oh; y++) {
                    for (int xx = 0; xx < ow; xx++) {
                        int o = ob + y * ow + xx;
                        if (kind == Kind.MAX) {
                            g[ib + argmax[o]] += d[o];
                        } else {
                            float v = d[o] / divisor(y, xx);
                            for (int i = 0; i < k; i++) {
                                int ih = y * stride - pad + i * dil;
                                if (ih < 0 || ih >= h) {
                                    continue;
                                }
                                for (int j = 0; j < k; j++) {
                                    int iw = xx * stride - pad + j * dil;
                                    if (iw >= 0 && iw < w) {
                                        g[ib + ih * w + iw] += v;
                                    }
                                }
                            }
                        }
                    }
                }
            }
        });
        return gradInput;
    }
}
