package io.analogcomposer.engine.nn;

import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.ConvGeometry;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Transposed 2-D convolution (the adjoint of {@link Conv2d}): {@code [B, C, H, W] -> [B, O, OH, OW]} with
 * {@code OH = (H-1)*stride - 2*padding + dilation*(k-1) + output_padding + 1}; weight {@code [C, O, k, k]} as in
 * PyTorch.
 */
public final class ConvTranspose2d extends Module {
    private final int inC, outC, k, stride, pad, outPad, dil;
    private final Parameter weight, bias;
    private ConvGeometry geom; // the forward conv geometry over the output image
    private Tensor xT, col, output, colY, dxT, gradInput;
    private int batch, h, w;

    /** A transposed convolution with PyTorch's default initialisation. */
    public ConvTranspose2d(int inChannels, int outChannels, int kernel, int stride, int padding, int outputPadding,
            int dilation, boolean bias, Rng rng) {
        if (inChannels < 1 || outChannels < 1 || kernel < 1 || stride < 1 || dilation < 1 || padding < 0) {
            throw new IllegalArgumentException("conv_transpose2d needs channels, kernel, stride, dilation >= 1 and "
                    + "padding >= 0");
        }
        if (outputPadding < 0 || outputPadding >= stride) {
            throw new IllegalArgumentException("output_padding must be in [0, stride), got "
                    + outputPadding);
        }
        this.inC = inChannels;
        this.outC = outChannels;
        this.k = kernel;
        this.stride = stride;
        this.pad = padding;
        this.outPad = outputPadding;
        this.dil = dilation;
        float bound = (float) (1.0 / Math.sqrt(outChannels * kernel * kernel));
        Tensor wt = Tensor.zeros(inChannels, outChannels, kernel, kernel);
        rng.fillUniform(wt.data(), 0, wt.size(), -bound, bound);
        this.weight = new Parameter("weight", wt);
        if (bias) {
            Tensor b = Tensor.zeros(outChannels);
            rng.fillUniform(b.data(), 0, b.size(), -bound, bound);
            this.bias = new Parameter("bias", b);
        } else {
            this.bias = null;
        }
    }

    @Override
    public String type() {
        return "conv_transpose2d";
    }

    private int outSize(int in) {
        return (in - 1) * stride - 2 * pad + dil * (k - 1) + outPad + 1;
    }

    @Override
    public int[] outputShape(int[] s) {
        if (s.length != 3 || s[0] != inC) {
            throw new IllegalArgumentException(
                    "conv_transpose2d expects input shape [" + inC + ", H, W], got " + Arrays.toString(s));
        }
        int oh = outSize(s[1]), ow = outSize(s[2]);
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException(
                    "conv_transpose2d output would be empty for input " + Arrays.toString(s));
        }
        return new int[]{outC, oh, ow};
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4 || x.dim(1) != inC) {
            throw new IllegalArgumentException("conv_transpose2d(" + inC + "->" + outC + ") expects [batch, " + inC
                    + ", H, W], got " + x.shapeString());
        }
        batch = x.dim(0);
        h = x.dim(2);
        w = x.dim(3);
        int oh = outSize(h), ow = outSize(w);
        if (geom == null || geom.height() != oh || geom.width() != ow) {
            geom = new ConvGeometry(outC, oh, ow, k, k, stride, stride, pad, pad, dil, dil);
        }
        int hw = h * w, bhw = batch * hw, ok = outC * k * k;
        xT = Tensor.ensure(xT, inC, bhw);
        ChannelMajor.toChannelMajor(x.data(), xT.data(), batch, inC, hw);
        col = Tensor.ensure(col, ok, bhw);
        backend.sgemm(true, false, ok, bhw, inC, 1f, weight.value().data(), 0, ok, xT.data(), 0, bhw, 0f, col.data(), 0,
                bhw);
        output = Tensor.ensure(output, batch, outC, oh, ow);
        geom.col2im(col.data(), 0, batch, output.data(), backend.threads());
        if (bias != null) {
            float[] y = output.data(), bv = bias.value().data();
            int plane = oh * ow;
            for (int b = 0; b < batch; b++) {
                for (int c = 0; c < outC; c++) {
                    int base = (b * outC + c) * plane;
                    for (int i = 0; i < plane; i++) {
                        y[base + i] += bv[c];
                    }
                }
            }
        }
        return output;
    }

    @Override
    public Tensor backward(Tensor dy) {
        int hw = h * w, bhw = batch * hw, ok = outC * k * k;
        if (dy.size() != output.size()) {
            throw new IllegalArgumentException(
                    "conv_transpose2d backward expects " + output.shapeString() + ", got " + dy.shapeString());
        }
        colY = Tensor.ensure(colY, ok, bhw);
        geom.im2col(dy.data(), 0, batch, colY.data(), backend.threads());
        backend.sgemm(false, true, inC, ok, bhw, 1f, xT.data(), 0, bhw, colY.data(), 0, bhw, 0f, weight.grad().data(),
                0, ok);
        if (bias != null) {
            float[] g = bias.grad().data(), d = dy.data();
            int plane = geom.height() * geom.width();
            java.util.Arrays.fill(g, 0f);
            for (int b = 0; b < batch; b++) {
                for (int c = 0; c < outC; c++) {
                    int base = (b * outC + c) * plane;
                    float s = 0f;
                    for (int i = 0; i < plane; i++) {
                        s += d[base + i];
                    }
                    g[c] += s;
                }
            }
        }
        if (!needsInputGrad) {
            return null;
        }
        dxT = Tensor.ensure(dxT, inC, bhw);
        backend.sgemm(false, false, inC, bhw, ok, 1f, weight.value().data(), 0, ok, colY.data(), 0, bhw, 0f,
                dxT.data(), 0, bhw);
        gradInput = Tensor.ensure(gradInput, batch, inC, h, w);
        ChannelMajor.toBatchMajor(dxT.data(), gradInput.data(), batch, inC, hw, null);
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
