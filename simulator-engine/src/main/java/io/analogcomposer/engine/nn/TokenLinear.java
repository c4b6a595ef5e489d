package io.analogcomposer.engine.nn;

import io.analogcomposer.engine.backend.ComputeBackend;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A linear layer applied to every token of a sequence {@code [batch, tokens, in] -> [batch, tokens, out]}, as
 * PyTorch's {@code nn.Linear} on a 3-d input: the tokens of all samples are one batch of rows for its
 * {@link StepMatrix} (digital, or on analog tiles for {@code analog_linear}).
 */
public final class TokenLinear extends Module implements StepMatrixOwner {
    private final String type;
    private final StepMatrix matrix;
    private Tensor input, output, gradInput;
    private Object token;

    public TokenLinear(String type, StepMatrix matrix) {
        this.type = type;
        this.matrix = matrix;
    }

    /** A digital per-token linear with PyTorch's initialisation U(-1/sqrt(in), 1/sqrt(in)). */
    public static TokenLinear digital(int in, int out, boolean bias, Rng rng) {
        return new TokenLinear("linear", new DenseStepMatrix("", in, out, bias, (float) (1 / Math.sqrt(in)), rng));
    }

    public StepMatrix matrix() {
        return matrix;
    }

    @Override
    public List<StepMatrix> stepMatrices() {
        return List.of(matrix);
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public int[] outputShape(int[] in) {
        if (in.length != 2 || in[1] != matrix.inSize()) {
            throw new IllegalArgumentException(type + " expects input shape [tokens, " + matrix.inSize() + "], got "
                    + Arrays.toString(in));
        }
        return new int[]{in[0], matrix.outSize()};
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 3 || x.dim(2) != matrix.inSize()) {
            throw new IllegalArgumentException(type + " expects [batch, tokens, " + matrix.inSize() + "], got "
                    + x.shapeString());
        }
        input = x;
        output = Tensor.ensure(output, x.dim(0), x.dim(1), matrix.outSize());
        token = matrix.forward(x.data(), x.dim(0) * x.dim(1), output.data());
        return output;
    }

    @Override
    public Tensor backward(Tensor dy) {
        matrix.zeroGrad();
        float[] dx = null;
        if (needsInputGrad) {
            gradInput = Tensor.ensure(gradInput, input.shape());
            dx = gradInput.data();
        }
        matrix.backward(token, input.data(), input.dim(0) * input.dim(1), dy.data(), dx);
        return needsInputGrad ? gradInput : null;
    }

    @Override
    public List<Parameter> parameters() {
        return matrix.parameters();
    }

    @Override
    public Map<String, Tensor> state() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        matrix.parameters().forEach(p -> m.put(p.name(), p.value()));
        return m;
    }

    @Override
    public void visitTrainingState(io.analogcomposer.engine.resume.StateRegistry registry) {
        matrix.visitTrainingState(registry);
    }

    @Override
    public void train(boolean on) {
        super.train(on);
        matrix.train(on);
    }

    @Override
    public void setBackend(ComputeBackend backend) {
        super.setBackend(backend);
        matrix.setBackend(backend);
    }
}
