package io.analogcomposer.engine.analog.nn;

import io.analogcomposer.engine.analog.config.InferenceRpuConfig;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.Arrays;

/**
 * Analog fully connected layer {@code y = f(x W^T) + b} on AIMC tiles (AIHWKit's {@code AnalogLinear}; layers larger
 * than the mapping's tile size are split over tiles like {@code AnalogLinearMapped}).
 */
public final class AnalogLinear extends AnalogLayer {
    private Tensor input, output, gradInput;

    /** A layer with PyTorch's default initialisation U(-1/sqrt(in), 1/sqrt(in)) drawn from {@code init}. */
    public AnalogLinear(int inFeatures, int outFeatures, boolean bias, InferenceRpuConfig config, Rng init) {
        super(outFeatures, inFeatures, initWeight(outFeatures, inFeatures, init),
                bias ? initBias(outFeatures, inFeatures, init) : null, config, init.split(0xA11));
    }

    /** A layer with the given logical weights {@code [out, in]} and bias (may be null). */
    public static AnalogLinear of(float[] w, float[] b, int in, int out, InferenceRpuConfig config, Rng rng) {
        AnalogLinear l = new AnalogLinear(in, out, b != null, config, rng);
        l.setWeights(w, b);
        return l;
    }

    private static Tensor initWeight(int out, int in, Rng rng) {
        float bound = (float) (1.0 / Math.sqrt(in));
        Tensor w = Tensor.zeros(out, in);
        rng.fillUniform(w.data(), 0, w.size(), -bound, bound);
        return w;
    }

    private static Tensor initBias(int out, int in, Rng rng) {
        float bound = (float) (1.0 / Math.sqrt(in));
        Tensor b = Tensor.zeros(out);
        rng.fillUniform(b.data(), 0, b.size(), -bound, bound);
        return b;
    }

    @Override
    public String type() {
        return "analog_linear";
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape.length != 1 || inputShape[0] != inSize) {
            throw new IllegalArgumentException("analog_linear expects input shape [" + inSize + "], got "
                    + Arrays.toString(inputShape) + " (add a flatten layer before it?)");
        }
        return new int[]{outSize};
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 2 || x.dim(1) != inSize) {
            throw new IllegalArgumentException(
                    "analog_linear(" + inSize + "->" + outSize + ") expects [batch, " + inSize
                            + "], got " + x.shapeString());
        }
        input = x;
        output = Tensor.ensure(output, x.dim(0), outSize);
        forwardRows(x.data(), x.dim(0), output.data());
        return output;
    }

    @Override
    public Tensor backward(Tensor dy) {
        int b = input.dim(0);
        if (dy.rank() != 2 || dy.dim(0) != b || dy.dim(1) != outSize) {
            throw new IllegalArgumentException(
                    "analog_linear backward expects [" + b + ", " + outSize + "], got " + dy.shapeString());
        }
        if (!needsInputGrad) {
            backwardRows(input.data(), dy.data(), null);
            return null;
        }
        gradInput = Tensor.ensure(gradInput, b, inSize);
        backwardRows(input.data(), dy.data(), gradInput.data());
        return gradInput;
    }
}
