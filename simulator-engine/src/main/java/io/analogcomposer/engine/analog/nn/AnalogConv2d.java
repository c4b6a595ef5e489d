package io.analogcomposer.engine.analog.nn;

import io.analogcomposer.engine.nn.ConvRows;

import io.analogcomposer.engine.analog.config.InferenceRpuConfig;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.ConvGeometry;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.Arrays;

/**
 * Analog 2-D convolution (groups = 1) by unfolding: every output pixel's receptive field {@code C·kh·kw} is one
 * input vector of the tile (so noise and bound management act per patch, as in AIHWKit's {@code AnalogConv2d});
 * weight {@code [O, C, kh, kw]} is the tile matrix {@code [O, C·kh·kw]}.
 */
public final class AnalogConv2d extends AnalogLayer {
    private final int inC, outC, kh, kw, sh, sw, ph, pw, dh, dw;
    private ConvGeometry geom;
    private final ConvRows conv = new ConvRows();
    private float[] rowsIn, rowsOut, dRows;
    private Tensor output, gradInput;
    private int batch;
    /** Patch-row gradients per block of the backward pass: 256 kB, well inside L2. */
    private static final int BLOCK_FLOATS = 64 * 1024;

    /** A convolution with PyTorch's default initialisation U(-1/sqrt(fan_in), 1/sqrt(fan_in)). */
    public AnalogConv2d(int inChannels, int outChannels, int kernelH, int kernelW, int strideH, int strideW, int padH,
            int padW, int dilationH, int dilationW, boolean bias, InferenceRpuConfig config, Rng init) {
        super(outChannels, inChannels * kernelH * kernelW, initW(outChannels, inChannels, kernelH, kernelW, init),
                bias ? initB(outChannels, inChannels * kernelH * kernelW, init) : null, config, init.split(0xC2D));
        if (strideH < 1 || strideW < 1 || dilationH < 1 || dilationW < 1 || padH < 0 || padW < 0) {
            throw new IllegalArgumentException("analog_conv2d needs stride, dilation >= 1 and padding >= 0, got stride "
                    + strideH + "x" + strideW + " padding " + padH + "x" + padW + " dilation " + dilationH + "x"
                    + dilationW);
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
    }

    /** Square kernel, same stride/padding/dilation on both axes. */
    public AnalogConv2d(int inChannels, int outChannels, int kernel, int stride, int padding, int dilation,
            boolean bias, InferenceRpuConfig config, Rng init) {
        this(inChannels, outChannels, kernel, kernel, stride, stride, padding, padding, dilation, dilation, bias,
                config, init);
    }

    private static Tensor initW(int o, int c, int kh, int kw, Rng rng) {
        if (o < 1 || c < 1 || kh < 1 || kw < 1) {
            throw new IllegalArgumentException(
                    "analog_conv2d needs channels and kernel >= 1, got in " + c + ", out " + o
                            + ", kernel " + kh + "x" + kw);
        }
        float bound = (float) (1.0 / Math.sqrt(c * kh * kw));
        Tensor w = Tensor.zeros(o, c, kh, kw);
        rng.fillUniform(w.data(), 0, w.size(), -bound, bound);
        return w;
    }

    private static Tensor initB(int o, int fanIn, Rng rng) {
        float bound = (float) (1.0 / Math.sqrt(fanIn));
        Tensor b = Tensor.zeros(o);
        rng.fillUniform(b.data(), 0, b.size(), -bound, bound);
        return b;
    }

    @Override
    public String type() {
        return "analog_conv2d";
    }

    /** The unfolding of an input of {@code h x w} pixels (for other implementations of the same layer). */
    public ConvGeometry geometryFor(int h, int w) {
        return new ConvGeometry(inC, h, w, kh, kw, sh, sw, ph, pw, dh, dw);
    }

    /** Output channels. */
    public int outChannels() {
        return outC;
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
                    "analog_conv2d expects input shape [" + inC + ", H, W], got " + Arrays.toString(s));
        }
        ConvGeometry g = new ConvGeometry(inC, s[1], s[2], kh, kw, sh, sw, ph, pw, dh, dw);
        return new int[]{outC, g.outH(), g.outW()};
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4 || x.dim(1) != inC) {
            throw new IllegalArgumentException("analog_conv2d(" + inC + "->" + outC + ") expects [batch, " + inC
                    + ", H, W], got " + x.shapeString());
        }
        batch = x.dim(0);
        ConvGeometry g = geometry(x.dim(2), x.dim(3));
        int p = g.outH() * g.outW(), n = batch * p;
        rowsIn = conv.patchRows(g, x.data(), batch, backend.threads(), false);
        rowsOut = ensure(rowsOut, n * outC);
        output = Tensor.ensure(output, batch, outC, g.outH(), g.outW());
        // p patches per image: per_batch_sample draws per image; in training the scaled outputs go straight into the
        // channels
        if (!forwardRowsToChannels(rowsIn, n, rowsOut, p, output.data())) {
            ConvRows.rowsToChannels(rowsOut, batch, p, outC, output.data());
        }
        return output;
    }

    @Override
    public Tensor backward(Tensor dy) {
        ConvGeometry g = geom;
        int p = g.outH() * g.outW(), n = batch * p, k = g.patchSize();
        if (dy.size() != batch * outC * p) {
            throw new IllegalArgumentException(
                    "analog_conv2d backward expects " + output.shapeString() + ", got " + dy.shapeString());
        }
        float[] dyRows = conv.channelsToRows(dy.data(), batch, p, outC);
        if (!needsInputGrad) {
            backwardRows(rowsIn, dyRows, null);
            return null;
        }
        gradInput = Tensor.ensure(gradInput, batch, inC, g.height(), g.width());
        if (backend.threads() == 1) {
            // one thread: each block of images' row gradients is scattered while in cache (no buffer of all rows)
            float[] gi = gradInput.data();
            int images = Math.max(1, BLOCK_FLOATS / (p * k));
            backwardRowBlocks(rowsIn, dyRows, images * p,
                    (d, from, to) -> conv.rowsToImages(g, d, from / p, (to - from) / p, gi));
            return gradInput;
        }
        dRows = ensure(dRows, n * k);
        backwardRows(rowsIn, dyRows, dRows);
        conv.rowsToImages(g, dRows, batch, gradInput.data(), backend.threads());
        return gradInput;
    }
}
