package io.analogcomposer.engine.nn;

import io.analogcomposer.engine.backend.ComputeBackend;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.resume.StateRegistry;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One transformer encoder layer over {@code [batch, tokens, embed]}, as PyTorch's {@code nn.TransformerEncoderLayer}
 * with {@code batch_first}, ReLU, post-norm ({@code norm_first=False}) and no dropout:
 * {@code h = LN1(x + attention(x))}, {@code y = LN2(h + W2 relu(W1 h))}. The experiment format is a sequence of
 * layers, so the two residual connections live inside this one layer; its attention projections and both MLP
 * matrices are {@link StepMatrix}es (on analog tiles in {@code analog_encoder_block}), the rest is digital.
 */
public final class EncoderBlock extends Module implements StepMatrixOwner {
    private final String type;
    private final MultiheadAttention attention;
    private final LayerNorm norm1, norm2;
    private final TokenLinear up, down;
    private Tensor residual1, hidden, residual2, gradInput;
    private Tensor dHidden, activated;

    public EncoderBlock(String type, MultiheadAttention attention, TokenLinear up, TokenLinear down, double eps) {
        int e = attention.embed();
        if (up.matrix().inSize() != e || down.matrix().outSize() != e
                || up.matrix().outSize() != down.matrix().inSize()) {
            throw new IllegalArgumentException(type + ": feed-forward matrices do not fit embedding " + e);
        }
        this.type = type;
        this.attention = attention;
        this.up = up;
        this.down = down;
        this.norm1 = new LayerNorm(e, eps, true);
        this.norm2 = new LayerNorm(e, eps, true);
        for (Module m : children()) {
            m.setNeedsInputGrad(true);
        }
    }

    /** A digital encoder layer with PyTorch's initialisations. */
    public static EncoderBlock digital(int embed, int heads, int feedforward, Rng rng) {
        return new EncoderBlock("encoder_block", MultiheadAttention.digital(embed, heads, true, rng.split(1)),
                TokenLinear.digital(embed, feedforward, true, rng.split(2)),
                TokenLinear.digital(feedforward, embed, true, rng.split(3)), 1e-5);
    }

    public MultiheadAttention attention() {
        return attention;
    }

    public TokenLinear feedforwardUp() {
        return up;
    }

    public TokenLinear feedforwardDown() {
        return down;
    }

    private List<Module> children() {
        return List.of(attention, norm1, up, down, norm2);
    }

    @Override
    public List<StepMatrix> stepMatrices() {
        List<StepMatrix> ms = new ArrayList<>(attention.stepMatrices());
        ms.add(up.matrix());
        ms.add(down.matrix());
        return ms;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public int[] outputShape(int[] in) {
        return attention.outputShape(in);
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor a = attention.forward(x);
        residual1 = Tensor.ensure(residual1, x.shape());
        sum(x.data(), a.data(), residual1.data(), x.size());
        hidden = norm1.forward(residual1);
        Tensor u = up.forward(hidden);
        float[] ud = u.data();
        for (int i = 0; i < u.size(); i++) {
            ud[i] = Math.max(ud[i], 0f); // ReLU in place: its backward only needs the sign, which stays
        }
        activated = u;
        Tensor d = down.forward(u);
        residual2 = Tensor.ensure(residual2, x.shape());
        sum(hidden.data(), d.data(), residual2.data(), x.size());
        return norm2.forward(residual2);
    }

    @Override
    public Tensor backward(Tensor dy) {
        Tensor dr2 = norm2.backward(dy);
        dHidden = Tensor.ensure(dHidden, dr2.shape());
        System.arraycopy(dr2.data(), 0, dHidden.data(), 0, dr2.size());
        Tensor du = down.backward(dr2);
        float[] g = du.data(), act = activated.data();
        for (int i = 0; i < du.size(); i++) {
            if (act[i] <= 0f) {
                g[i] = 0f;
            }
        }
        Tensor dh = up.backward(du);
        sum(dHidden.data(), dh.data(), dHidden.data(), dh.size());
        Tensor dr1 = norm1.backward(dHidden);
        Tensor da = attention.backward(dr1);
        gradInput = Tensor.ensure(gradInput, dr1.shape());
        sum(dr1.data(), da.data(), gradInput.data(), dr1.size());
        return gradInput;
    }

    private static void sum(float[] a, float[] b, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = a[i] + b[i];
        }
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>();
        children().forEach(m -> ps.addAll(m.parameters()));
        return ps;
    }

    private static final String[] NAMES = {"attention.", "norm1.", "up.", "down.", "norm2."};

    @Override
    public Map<String, Tensor> state() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        List<Module> c = children();
        for (int i = 0; i < c.size(); i++) {
            String prefix = NAMES[i];
            c.get(i).state().forEach((k, v) -> m.put(prefix + k, v));
        }
        return m;
    }

    @Override
    public void visitTrainingState(StateRegistry registry) {
        List<Module> c = children();
        for (int i = 0; i < c.size(); i++) {
            c.get(i).visitTrainingState(registry.within(NAMES[i]));
        }
    }

    @Override
    public void train(boolean on) {
        super.train(on);
        children().forEach(m -> m.train(on));
    }

    @Override
    public void setBackend(ComputeBackend backend) {
        super.setBackend(backend);
        children().forEach(m -> m.setBackend(backend));
    }
}
