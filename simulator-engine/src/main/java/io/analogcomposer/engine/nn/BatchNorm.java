package io.analogcomposer.engine.nn;

import io.analogcomposer.engine.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Batch normalisation over the channel axis (axis 1): {@code batch_norm1d} for {@code [B, F]} or {@code [B, F, L]},
 * {@code batch_norm2d} for {@code [B, C, H, W]}. Training uses batch statistics and updates running estimates
 * (unbiased variance, momentum as in PyTorch); evaluation uses the running estimates.
 */
public final class BatchNorm extends Module {
    private final int features;
    private final boolean twoD;
    private final float eps, momentum;
    private final boolean affine;
    private final Parameter gamma, beta;
    private final Tensor runningMean, runningVar;
    private final float[] mean, invStd, sumDy, sumDyXhat;
    private Tensor xhat, output, gradInput;
    private int batch, spatial;

    /** A learnable (affine) batch-norm layer for {@code features} channels; {@code twoD} selects the 2-D variant. */
    public BatchNorm(int features, boolean twoD, double eps, double momentum) {
        this(features, twoD, eps, momentum, true);
    }

    /** A batch-norm layer; without {@code affine} there is no learnable scale and shift. */
    public BatchNorm(int features, boolean twoD, double eps, double momentum, boolean affine) {
        if (features < 1) {
            throw new IllegalArgumentException("batch norm needs num_features >= 1, got " + features);
        }
        if (eps <= 0 || momentum < 0 || momentum > 1) {
            throw new IllegalArgumentException("batch norm needs eps > 0 and momentum in [0, 1], got eps " + eps
                    + " momentum " + momentum);
        }
        this.features = features;
        this.twoD = twoD;
        this.eps = (float) eps;
        this.momentum = (float) momentum;
        this.affine = affine;
        this.gamma = new Parameter("weight", Tensor.zeros(features).fill(1f));
        this.beta = new Parameter("bias", Tensor.zeros(features));
        this.runningMean = Tensor.zeros(features);
        this.runningVar = Tensor.zeros(features).fill(1f);
        this.mean = new float[features];
        this.invStd = new float[features];
        this.sumDy = new float[features];
        this.sumDyXhat = new float[features];
    }

    @Override
    public String type() {
        return twoD ? "batch_norm2d" : "batch_norm1d";
    }

    @Override
    public int[] outputShape(int[] s) {
        boolean ok = twoD ? s.length == 3 : (s.length == 1 || s.length == 2);
        if (!ok || s[0] != features) {
            throw new IllegalArgumentException(type() + " with " + features + " features cannot take input shape "
                    + Arrays.toString(s));
        }
        return s.clone();
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim(1) != features || (twoD ? x.rank() != 4 : x.rank() < 2 || x.rank() > 3)) {
            throw new IllegalArgumentException(type() + "(" + features + ") cannot take " + x.shapeString());
        }
        batch = x.dim(0);
        spatial = x.size() / (batch * features);
        output = Tensor.ensureLike(output, x);
        xhat = Tensor.ensureLike(xhat, x);
        float[] in = x.data(), out = output.data(), xh = xhat.data(), g = gamma.value().data(),
                bt = beta.value().data();
        int n = batch * spatial;
        for (int c = 0; c < features; c++) {
            float m, inv;
            if (training) {
                double s = 0;
                for (int b = 0; b < batch; b++) {
                    int base = (b * features + c) * spatial;
                    for (int i = 0; i < spatial; i++) {
                        s += in[base + i];
                    }
                }
                double mu = s / n;
                double v = 0;
                for (int b = 0; b < batch; b++) {
                    int base = (b * features + c) * spatial;
                    for (int i = 0; i < spatial; i++) {
                        double d = in[base + i] - mu;
                        v += d * d;
                    }
                }
                double var = v / n;
                m = (float) mu;
                inv = (float) (1.0 / Math.sqrt(var + eps));
                float[] rm = runningMean.data(), rv = runningVar.data();
                rm[c] = (1 - momentum) * rm[c] + momentum * m;
                rv[c] = (float) ((1 - momentum) * rv[c] + momentum * (n > 1 ? v / (n - 1) : var));
            } else {
                m = runningMean.data()[c];
                inv = (float) (1.0 / Math.sqrt(runningVar.data()[c] + eps));
            }
            mean[c] = m;
            invStd[c] = inv;
            for (int b = 0; b < batch; b++) {
                int base = (b * features + c) * spatial;
                for (int i = 0; i < spatial; i++) {
                    float xn = (in[base + i] - m) * inv;
                    xh[base + i] = xn;
                    out[base + i] = xn * g[c] + bt[c];
                }
            }
        }
        return output;
    }

    @Override
    public Tensor backward(Tensor dy) {
        if (dy.size() != output.size()) {
            throw new IllegalArgumentException(type() + " backward expects " + output.shapeString() + ", got "
                    + dy.shapeString());
        }
        float[] d = dy.data(), xh = xhat.data(), g = gamma.value().data();
        float[] dg = gamma.grad().data(), db = beta.grad().data();
        int n = batch * spatial;
        for (int c = 0; c < features; c++) {
            float s1 = 0f, s2 = 0f;
            for (int b = 0; b < batch; b++) {
                int base = (b * features + c) * spatial;
                for (int i = 0; i < spatial; i++) {
                    s1 += d[base + i];
                    s2 += d[base + i] * xh[base + i];
                }
            }
            sumDy[c] = s1;
            sumDyXhat[c] = s2;
            db[c] = s1;
            dg[c] = s2;
        }
        if (!needsInputGrad) {
            return null;
        }
        gradInput = Tensor.ensureLike(gradInput, dy);
        float[] gi = gradInput.data();
        for (int c = 0; c < features; c++) {
            float k = g[c] * invStd[c];
            float m1 = sumDy[c] / n, m2 = sumDyXhat[c] / n;
            for (int b = 0; b < batch; b++) {
                int base = (b * features + c) * spatial;
                for (int i = 0; i < spatial; i++) {
                    gi[base + i] = training ? k * (d[base + i] - m1 - xh[base + i] * m2) : k * d[base + i];
                }
            }
        }
        return gradInput;
    }

    @Override
    public List<Parameter> parameters() {
        return affine ? List.of(gamma, beta) : List.of();
    }

    @Override
    public Map<String, Tensor> buffers() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("running_mean", runningMean);
        m.put("running_var", runningVar);
        return m;
    }
}
