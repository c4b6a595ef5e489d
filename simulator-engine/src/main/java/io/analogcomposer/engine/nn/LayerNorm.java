package io.analogcomposer.engine.nn;

import io.analogcomposer.engine.tensor.Tensor;
import java.util.List;

/**
 * Layer normalisation over the last dimension (PyTorch's {@code nn.LayerNorm(features)}): every row (a sample, or
 * a token of a sequence) is shifted to mean 0 and scaled to variance 1 (biased, plus {@code eps}), then, when
 * affine, multiplied by a learned weight (init 1) and shifted by a learned bias (init 0). Digital.
 */
public final class LayerNorm extends Module {
    private final int features;
    private final double eps;
    private final Parameter weight, bias;
    private Tensor output, gradInput;
    private float[] normalized, invStd;

    public LayerNorm(int features, double eps, boolean affine) {
        this.features = features;
        this.eps = eps;
        this.weight = affine ? new Parameter("weight", Tensor.zeros(features).fill(1f)) : null;
        this.bias = affine ? new Parameter("bias", Tensor.zeros(features)) : null;
    }

    @Override
    public String type() {
        return "layer_norm";
    }

    @Override
    public int[] outputShape(int[] in) {
        if (in.length < 1 || in[in.length - 1] != features) {
            throw new IllegalArgumentException("layer_norm normalises " + features
                    + " features in the last dimension, got input shape " + java.util.Arrays.toString(in));
        }
        return in.clone();
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim(x.rank() - 1) != features) {
            throw new IllegalArgumentException("layer_norm expects " + features + " features last, got "
                    + x.shapeString());
        }
        int rows = x.size() / features;
        output = Tensor.ensure(output, x.shape());
        if (normalized == null || normalized.length < x.size()) {
            normalized = new float[x.size()];
        }
        if (invStd == null || invStd.length < rows) {
            invStd = new float[rows];
        }
        float[] in = x.data(), y = output.data();
        for (int r = 0; r < rows; r++) {
            int o = r * features;
            double mean = 0;
            for (int j = 0; j < features; j++) {
                mean += in[o + j];
            }
            mean /= features;
            double var = 0;
            for (int j = 0; j < features; j++) {
                double d = in[o + j] - mean;
                var += d * d;
            }
            var /= features;
            float inv = (float) (1 / Math.sqrt(var + eps));
            invStd[r] = inv;
            for (int j = 0; j < features; j++) {
                float n = (float) ((in[o + j] - mean) * inv);
                normalized[o + j] = n;
                y[o + j] = weight == null ? n : n * weight.value().data()[j] + bias.value().data()[j];
            }
        }
        return output;
    }

    @Override
    public Tensor backward(Tensor dy) {
        int rows = dy.size() / features;
        float[] g = dy.data();
        if (weight != null) {
            float[] gw = weight.grad().data(), gb = bias.grad().data();
            java.util.Arrays.fill(gw, 0f);
            java.util.Arrays.fill(gb, 0f);
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < features; j++) {
                    gw[j] += g[r * features + j] * normalized[r * features + j];
                    gb[j] += g[r * features + j];
                }
            }
        }
        if (!needsInputGrad) {
            return null;
        }
        gradInput = Tensor.ensure(gradInput, dy.shape());
        float[] dx = gradInput.data();
        for (int r = 0; r < rows; r++) {
            int o = r * features;
            double meanG = 0, meanGn = 0;
            for (int j = 0; j < features; j++) {
                double gn = g[o + j] * (weight == null ? 1f : weight.value().data()[j]);
                meanG += gn;
                meanGn += gn * normalized[o + j];
            }
            meanG /= features;
            meanGn /= features;
            for (int j = 0; j < features; j++) {
                double gn = g[o + j] * (weight == null ? 1f : weight.value().data()[j]);
                dx[o + j] = (float) (invStd[r] * (gn - meanG - normalized[o + j] * meanGn));
            }
        }
        return gradInput;
    }

    @Override
    public List<Parameter> parameters() {
        return weight == null ? List.of() : List.of(weight, bias);
    }
}
