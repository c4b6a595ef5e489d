package io.analogcomposer.engine.nn;

import io.analogcomposer.engine.backend.ComputeBackend;
import io.analogcomposer.engine.resume.StateRegistry;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bidirectional recurrent layer, as PyTorch's {@code bidirectional=True} and AIHWKit's bidirectional
 * {@code AnalogRNN}: one layer reads the sequence forwards, a second one (its own weights) reads it backwards, and
 * their hidden states are concatenated, forward first. With {@code return_sequence} step t holds the forward state
 * after steps 0..t and the reverse state after steps T-1..t ({@code [steps, 2·hidden]}); without it the output is
 * both directions' final state ({@code [2·hidden]}, PyTorch's {@code h_n} of the two directions).
 */
public final class Bidirectional extends Module {
    private final String type;
    private final Module forwards, backwards;
    private final int hidden;
    private final boolean returnSequence;
    private Tensor reversed, output, gradForward, gradBackward, gradInput;
    private int batch, steps, features;

    /** Two one-directional layers of the same type, size and output mode (a sequence or the last state). */
    public Bidirectional(String type, Module forwards, Module backwards, int hidden, boolean returnSequence) {
        this.type = type;
        this.forwards = forwards;
        this.backwards = backwards;
        this.hidden = hidden;
        this.returnSequence = returnSequence;
    }

    public Module forwards() {
        return forwards;
    }

    public Module backwards() {
        return backwards;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public int[] outputShape(int[] in) {
        int[] one = forwards.outputShape(in);
        int[] out = one.clone();
        out[out.length - 1] = 2 * hidden;
        return out;
    }

    /** {@code x} with its time axis reversed, into {@code into}. */
    private static Tensor reverse(Tensor x, Tensor into) {
        int b = x.dim(0), t = x.dim(1), f = x.dim(2);
        Tensor r = Tensor.ensure(into, b, t, f);
        for (int n = 0; n < b; n++) {
            for (int s = 0; s < t; s++) {
                System.arraycopy(x.data(), (n * t + s) * f, r.data(), (n * t + t - 1 - s) * f, f);
            }
        }
        return r;
    }

    @Override
    public Tensor forward(Tensor x) {
        requireRank(x, 3, type);
        batch = x.dim(0);
        steps = x.dim(1);
        features = x.dim(2);
        Tensor yf = forwards.forward(x);
        reversed = reverse(x, reversed);
        Tensor yb = backwards.forward(reversed);
        if (returnSequence) {
            output = Tensor.ensure(output, batch, steps, 2 * hidden);
            for (int n = 0; n < batch; n++) {
                for (int s = 0; s < steps; s++) {
                    int o = (n * steps + s) * 2 * hidden;
                    System.arraycopy(yf.data(), (n * steps + s) * hidden, output.data(), o, hidden);
                    System.arraycopy(yb.data(), (n * steps + steps - 1 - s) * hidden, output.data(), o + hidden,
                            hidden);
                }
            }
        } else {
            output = Tensor.ensure(output, batch, 2 * hidden);
            for (int n = 0; n < batch; n++) {
                System.arraycopy(yf.data(), n * hidden, output.data(), n * 2 * hidden, hidden);
                System.arraycopy(yb.data(), n * hidden, output.data(), n * 2 * hidden + hidden, hidden);
            }
        }
        return output;
    }

    @Override
    public Tensor backward(Tensor dy) {
        int rows = returnSequence ? batch * steps : batch;
        gradForward = returnSequence
                ? Tensor.ensure(gradForward, batch, steps, hidden)
                : Tensor.ensure(gradForward, batch, hidden);
        gradBackward = returnSequence
                ? Tensor.ensure(gradBackward, batch, steps, hidden)
                : Tensor.ensure(gradBackward, batch, hidden);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(dy.data(), r * 2 * hidden, gradForward.data(), r * hidden, hidden);
            // the reverse layer saw step s at position steps-1-s
            int n = r / (returnSequence ? steps : 1), s = returnSequence ? r % steps : 0;
            int to = returnSequence ? n * steps + steps - 1 - s : r;
            System.arraycopy(dy.data(), r * 2 * hidden + hidden, gradBackward.data(), to * hidden, hidden);
        }
        forwards.setNeedsInputGrad(needsInputGrad);
        backwards.setNeedsInputGrad(needsInputGrad);
        Tensor dxf = forwards.backward(gradForward);
        Tensor dxb = backwards.backward(gradBackward);
        if (!needsInputGrad) {
            return null;
        }
        gradInput = Tensor.ensure(gradInput, batch, steps, features);
        for (int n = 0; n < batch; n++) {
            for (int s = 0; s < steps; s++) {
                int a = (n * steps + s) * features, b = (n * steps + steps - 1 - s) * features;
                for (int j = 0; j < features; j++) {
                    gradInput.data()[a + j] = dxf.data()[a + j] + dxb.data()[b + j];
                }
            }
        }
        return gradInput;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>(forwards.parameters());
        ps.addAll(backwards.parameters());
        return ps;
    }

    @Override
    public Map<String, Tensor> state() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        forwards.state().forEach((k, v) -> m.put(k, v));
        backwards.state().forEach((k, v) -> m.put(k + "_reverse", v)); // PyTorch's suffix for the second direction
        return m;
    }

    @Override
    public void visitTrainingState(StateRegistry registry) {
        forwards.visitTrainingState(registry.within("forward."));
        backwards.visitTrainingState(registry.within("reverse."));
    }

    @Override
    public void train(boolean on) {
        super.train(on);
        forwards.train(on);
        backwards.train(on);
    }

    @Override
    public void setBackend(ComputeBackend backend) {
        super.setBackend(backend);
        forwards.setBackend(backend);
        backwards.setBackend(backend);
    }
}
