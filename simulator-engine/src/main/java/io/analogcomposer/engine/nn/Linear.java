package io.analogcomposer.engine.nn;

import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Ops;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Fully connected layer {@code y = x W^T + b}, weight laid out {@code [out, in]} like PyTorch and analog tiles. */
public final class Linear extends Module {
    private final int in, out;
    private final Parameter weight;
    private final Parameter bias;
    private Tensor input, output, gradInput;

    /** A layer with PyTorch's default initialisation, U(-1/sqrt(in), 1/sqrt(in)), drawn from {@code rng}. */
    public Linear(int inFeatures, int outFeatures, boolean bias, Rng rng) {
        if (inFeatures < 1 || outFeatures < 1) {
            throw new IllegalArgumentException(
                    "linear needs in_features and out_features >= 1, got " + inFeatures + " and " + outFeatures);
        }
        this.in = inFeatures;
        this.out = outFeatures;
        float bound = (float) (1.0 / Math.sqrt(inFeatures));
        Tensor w = Tensor.zeros(outFeatures, inFeatures);
        rng.fillUniform(w.data(), 0, w.size(), -bound, bound);
        this.weight = new Parameter("weight", w);
        if (bias) {
            Tensor b = Tensor.zeros(outFeatures);
            rng.fillUniform(b.data(), 0, b.size(), -bound, bound);
            this.bias = new Parameter("bias", b);
        } else {
            this.bias = null;
        }
    }

    @Override
    public String type() {
        return "linear";
    }

    /** Input features. */
    public int inFeatures() {
        return in;
    }

    /** Output features. */
    public int outFeatures() {
        return out;
    }

    /** The weight parameter {@code [out, in]}. */
    public Parameter weight() {
        return weight;
    }

    /** The bias parameter {@code [out]}, or null. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape.length != 1 || inputShape[0] != in) {
            throw new IllegalArgumentException("linear expects input shape [" + in + "], got "
                    + java.util.Arrays.toString(inputShape) + " (add a flatten layer before it?)");
        }
        return new int[]{out};
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 2 || x.dim(1) != in) {
            throw new IllegalArgumentException("linear(" + in + "->" + out + ") expects [batch, " + in + "], got "
                    + x.shapeString());
        }
        int b = x.dim(0);
        input = x;
        output = Tensor.ensure(output, b, out);
        backend.sgemm(false, true, b, out, in, 1f, x.data(), 0, in, weight.value().data(), 0, in, 0f, output.data(), 0,
                out);
        if (bias != null) {
            Ops.addRowVector(output.data(), b, out, bias.value().data());
        }
        return output;
    }

    @Override
    public Tensor backward(Tensor dy) {
        int b = input.dim(0);
        if (dy.rank() != 2 || dy.dim(0) != b || dy.dim(1) != out) {
            throw new IllegalArgumentException(
                    "linear backward expects [" + b + ", " + out + "], got " + dy.shapeString());
        }
        backend.sgemm(true, false, out, in, b, 1f, dy.data(), 0, out, input.data(), 0, in, 0f,
                weight.grad().data(), 0, in);
        if (bias != null) {
            Ops.columnSums(dy.data(), b, out, bias.grad().data());
        }
        if (!needsInputGrad) {
            return null;
        }
        gradInput = Tensor.ensure(gradInput, b, in);
        backend.sgemm(false, false, b, in, out, 1f, dy.data(), 0, out, weight.value().data(), 0, in, 0f,
                gradInput.data(), 0, in);
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
