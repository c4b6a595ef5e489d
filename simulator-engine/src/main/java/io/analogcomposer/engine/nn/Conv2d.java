package io.analogcomposer.engine.nn;

import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.ConvGeometry;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * 2-D convolution (groups = 1) by im2col + one GEMM for the whole batch: {@code [B, C, H, W] -> [B, O, OH, OW]},
 * weight {@code [O, C, kh, kw]}. Stride, padding and dilation per axis.
 */
public final class Conv2d extends Module {
    private final int inC, outC, kh, kw, sh, sw, ph, pw, dh, dw;
    private final Parameter weight, bias;
    private ConvGeometry geom;
    private Tensor col, ycol, output, dyT, dcol, gradInput;
    private int batch;

    /** A convolution with PyTorch's default initialisation, U(-1/sqrt(fan_in), 1/sqrt(fan_in)). */
    public Conv2d(int inChannels, int outChannels, int kernelH, int kernelW, int strideH, int strideW, int padH,
            int padW, int dilationH, int dilationW, boolean bias, Rng rng) {
        if (inChannels < 1 || outChannels < 1) {
            throw new IllegalArgumentException(
                    "conv needs in_channels and out_channels >= 1, got " + inChannels + " and " + outChannels);
        }
        if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || dilationH < 1 || dilationW < 1 || padH < 0
                || padW < 0) {
            throw new IllegalArgumentException("conv needs kernel, stride, dilation >= 1 and padding >= 0, got kernel "
                    + kernelH + "x" + kernelW + " stride " + strideH + "x" + strideW + " padding " + padH + "x" + padW
                    + " dilation " + dilationH + "x" + dilationW);
        }
        this.inC = inChannels;
        this.outC = outChannels;
        this.kh = kernelH;
        this.kw = kernelW;
        this.sh = strideH;
        this.sw = strideW;
        this.ph = padH;
        this.pw = padW;
        this.dh = dilationH;
        this.dw = dilationW;
        int fanIn = inChannels * kernelH * kernelW;
        float bound = (float) (1.0 / Math.sqrt(fanIn));
        Tensor w = Tensor.zeros(outChannels, inChannels, kernelH, kernelW);
        rng.fillUniform(w.data(), 0, w.size(), -bound, bound);
        this.weight = new Parameter("weight", w);
        if (bias) {
            Tensor b = Tensor.zeros(outChannels);
            rng.fillUniform(b.data(), 0, b.size(), -bound, bound);
            this.bias = new Parameter("bias", b);
        } else {
            this.bias = null;
        }
    }

    /** Square kernel, same stride/padding/dilation on both axes. */
    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding, int dilation, boolean bias,
            Rng rng) {
        this(inChannels, outChannels, kernel, kernel, stride, stride, padding, padding, dilation, dilation, bias, rng);
    }

    @Override
    public String type() {
        return "conv2d";
    }

    /** The weight {@code [O, C, kh, kw]}. */
    public Parameter weight() {
        return weight;
    }

    /** The bias {@code [O]}, or null. */
    public Parameter bias() {
        return bias;
    }

    private ConvGeometry geometry(int h, int w) {
        if (geom == null || geom.height() != h || geom.width() != w) {
            geom = new ConvGeometry(inC, h, w, kh, kw, sh, sw, ph, pw, dh, dw);
        }
        return geom;
    }

    @Override
    public int[] outputShape(int[] s) {
        if (s.length != 3 || s[0] != inC) {
            throw new IllegalArgumentException(
                    "conv2d expects input shape [" + inC + ", H, W], got " + Arrays.toString(s));
        }
        ConvGeometry g = new ConvGeometry(inC, s[1], s[2], kh, kw, sh, sw, ph, pw, dh, dw);
        return new int[]{outC, g.outH(), g.outW()};
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4 || x.dim(1) != inC) {
            throw new IllegalArgumentException(
                    "conv2d(" + inC + "->" + outC + ") expects [batch, " + inC + ", H, W], got " + x.shapeString());
        }
        batch = x.dim(0);
        ConvGeometry g = geometry(x.dim(2), x.dim(3));
        int p = g.outH() * g.outW(), bp = batch * p, k = g.patchSize();
        col = Tensor.ensure(col, k, bp);
        g.im2col(x.data(), 0, batch, col.data(), backend.threads());
        ycol = Tensor.ensure(ycol, outC, bp);
        backend.sgemm(false, false, outC, bp, k, 1f, weight.value().data(), 0, k, col.data(), 0, bp, 0f, ycol.data(), 0,
                bp);
        output = Tensor.ensure(output, batch, outC, g.outH(), g.outW());
        ChannelMajor.toBatchMajor(ycol.data(), output.data(), batch, outC, p,
                bias == null ? null : bias.value().data());
        return output;
    }

    @Override
    public Tensor backward(Tensor dy) {
        ConvGeometry g = geom;
        int p = g.outH() * g.outW(), bp = batch * p, k = g.patchSize();
        if (dy.size() != batch * outC * p) {
            throw new IllegalArgumentException("conv2d backward expects " + output.shapeString() + ", got "
                    + dy.shapeString());
        }
        dyT = Tensor.ensure(dyT, outC, bp);
        ChannelMajor.toChannelMajor(dy.data(), dyT.data(), batch, outC, p);
        backend.sgemm(false, true, outC, k, bp, 1f, dyT.data(), 0, bp, col.data(), 0, bp, 0f, weight.grad().data(), 0,
                k);
        if (bias != null) {
            ChannelMajor.rowSums(dyT.data(), outC, bp, bias.grad().data());
        }
        if (!needsInputGrad) {
            return null;
        }
        dcol = Tensor.ensure(dcol, k, bp);
        backend.sgemm(true, false, k, bp, outC, 1f, weight.value().data(), 0, k, dyT.data(), 0, bp, 0f, dcol.data(), 0,
                bp);
        gradInput = Tensor.ensure(gradInput, batch, inC, g.height(), g.width());
        g.col2im(dcol.data(), 0, batch, gradInput.data(), backend.threads());
        return gradInput;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>(2);
        ps.add(weight);
        if (bias != null) {
            ps.add(bias);
        }
        return ps;
    }
}
