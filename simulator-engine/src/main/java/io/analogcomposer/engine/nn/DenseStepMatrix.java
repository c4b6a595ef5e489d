package io.analogcomposer.engine.nn;

import io.analogcomposer.engine.backend.ComputeBackend;
import io.analogcomposer.engine.backend.JavaBackend;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Ops;
import io.analogcomposer.engine.tensor.Parallel;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The digital {@link StepMatrix}: an exact {@code x W^T + b}, gradients summed over calls. */
public final class DenseStepMatrix implements StepMatrix {
    private final int in, out;
    private final Parameter weight, bias;
    private ComputeBackend backend = new JavaBackend(Parallel.CORES);

    /**
     * PyTorch's recurrent initialisation U(-bound, bound) for weights and biases; parameters are named
     * {@code weight_<suffix>}, or {@code weight} when the suffix is empty.
     */
    public DenseStepMatrix(String suffix, int in, int out, boolean bias, float bound, Rng rng) {
        this.in = in;
        this.out = out;
        Tensor w = Tensor.zeros(out, in);
        rng.fillUniform(w.data(), 0, w.size(), -bound, bound);
        this.weight = new Parameter(suffix.isEmpty() ? "weight" : "weight_" + suffix, w);
        if (bias) {
            Tensor b = Tensor.zeros(out);
            rng.fillUniform(b.data(), 0, b.size(), -bound, bound);
            this.bias = new Parameter(suffix.isEmpty() ? "bias" : "bias_" + suffix, b);
        } else {
            this.bias = null;
        }
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    @Override
    public int inSize() {
        return in;
    }

    @Override
    public int outSize() {
        return out;
    }

    @Override
    public Object forward(float[] x, int n, float[] y) {
        backend.sgemm(false, true, n, out, in, 1f, x, 0, in, weight.value().data(), 0, in, 0f, y, 0, out);
        if (bias != null) {
            Ops.addRowVector(y, n, out, bias.value().data());
        }
        return null;
    }

    @Override
    public void backward(Object token, float[] x, int n, float[] dy, float[] dx) {
        backend.sgemm(true, false, out, in, n, 1f, dy, 0, out, x, 0, in, 1f, weight.grad().data(), 0, in);
        if (bias != null) {
            float[] g = bias.grad().data();
            for (int b = 0; b < n; b++) {
                for (int o = 0; o < out; o++) {
                    g[o] += dy[b * out + o];
                }
            }
        }
        if (dx != null) {
            backend.sgemm(false, false, n, in, out, 1f, dy, 0, out, weight.value().data(), 0, in, 0f, dx, 0, in);
        }
    }

    @Override
    public void zeroGrad() {
        Arrays.fill(weight.grad().data(), 0f);
        if (bias != null) {
            Arrays.fill(bias.grad().data(), 0f);
        }
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

    @Override
    public void train(boolean on) {
        // exact in both modes
    }

    @Override
    public void setBackend(ComputeBackend backend) {
        this.backend = backend;
    }
}
