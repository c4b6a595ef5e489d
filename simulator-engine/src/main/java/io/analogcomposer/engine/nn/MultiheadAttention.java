package io.analogcomposer.engine.nn;

import io.analogcomposer.engine.backend.ComputeBackend;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Multi-head self-attention over {@code [batch, tokens, embed]}, as PyTorch's {@code nn.MultiheadAttention(embed,
 * heads, batch_first=True)} called with query = key = value and no mask: {@code Q = x W_q^T + b_q} (likewise K, V),
 * per head {@code softmax(Q_h K_h^T / sqrt(embed / heads)) V_h}, the heads concatenated and projected by
 * {@code W_o}. The four projections are {@link StepMatrix}es, so the analog layer puts them on tiles while the
 * scores, the softmax and the weighted sum stay digital (the activations on both sides change with every input and
 * cannot be programmed into a crossbar).
 */
public final class MultiheadAttention extends Module implements StepMatrixOwner {
    private final String type;
    private final int embed, heads, headDim;
    private final StepMatrix q, k, v, o;

    private int batch, tokens;
    private Tensor input, output, gradInput;
    private float[] qs, ks, vs, probs, mixed;
    private Object qToken, kToken, vToken, oToken;

    public MultiheadAttention(String type, int embed, int heads, StepMatrix q, StepMatrix k, StepMatrix v,
            StepMatrix o) {
        requireHeads(type, embed, heads);
        for (StepMatrix m : List.of(q, k, v, o)) {
            if (m.inSize() != embed || m.outSize() != embed) {
                throw new IllegalArgumentException(type + " projections must be " + embed + " x " + embed);
            }
        }
        this.type = type;
        this.embed = embed;
        this.heads = heads;
        this.headDim = embed / heads;
        this.q = q;
        this.k = k;
        this.v = v;
        this.o = o;
    }

    /** Fails with the reason when {@code heads} does not divide {@code embed}. */
    public static void requireHeads(String type, int embed, int heads) {
        if (heads < 1 || embed < 1 || embed % heads != 0) {
            throw new IllegalArgumentException(type + ": num_heads " + heads + " must divide the embedding size "
                    + embed);
        }
    }

    /**
     * A digital attention layer with PyTorch's initialisation: Xavier-uniform projections (bound sqrt(3 / embed)
     * for a square matrix), zero biases.
     */
    public static MultiheadAttention digital(int embed, int heads, boolean bias, Rng rng) {
        StepMatrix[] m = new StepMatrix[4];
        for (int i = 0; i < 4; i++) {
            DenseStepMatrix d = new DenseStepMatrix(String.valueOf("qkvo".charAt(i)), embed, embed, bias,
                    (float) Math.sqrt(3.0 / embed), rng.split(i + 1));
            if (d.bias() != null) {
                d.bias().value().fill(0f);
            }
            m[i] = d;
        }
        return new MultiheadAttention("multihead_attention", embed, heads, m[0], m[1], m[2], m[3]);
    }

    public int embed() {
        return embed;
    }

    public int heads() {
        return heads;
    }

    @Override
    public List<StepMatrix> stepMatrices() {
        return List.of(q, k, v, o);
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public int[] outputShape(int[] in) {
        if (in.length != 2 || in[1] != embed) {
            throw new IllegalArgumentException(type + " expects input shape [tokens, " + embed + "], got "
                    + Arrays.toString(in));
        }
        return in.clone();
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 3 || x.dim(2) != embed) {
            throw new IllegalArgumentException(type + " expects [batch, tokens, " + embed + "], got "
                    + x.shapeString());
        }
        input = x;
        batch = x.dim(0);
        tokens = x.dim(1);
        int n = batch * tokens;
        qs = ensure(qs, n * embed);
        ks = ensure(ks, n * embed);
        vs = ensure(vs, n * embed);
        mixed = ensure(mixed, n * embed);
        probs = ensure(probs, batch * heads * tokens * tokens);
        qToken = q.forward(x.data(), n, qs);
        kToken = k.forward(x.data(), n, ks);
        vToken = v.forward(x.data(), n, vs);
        double scale = 1 / Math.sqrt(headDim);
        double[] row = new double[tokens];
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < heads; h++) {
                int off = h * headDim;
                for (int t = 0; t < tokens; t++) {
                    int qi = (b * tokens + t) * embed + off;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int s = 0; s < tokens; s++) {
                        int ki = (b * tokens + s) * embed + off;
                        double dot = 0;
                        for (int i = 0; i < headDim; i++) {
                            dot += qs[qi + i] * ks[ki + i];
                        }
                        row[s] = dot * scale;
                        max = Math.max(max, row[s]);
                    }
                    double sum = 0;
                    for (int s = 0; s < tokens; s++) {
                        row[s] = Math.exp(row[s] - max);
                        sum += row[s];
                    }
                    int p = ((b * heads + h) * tokens + t) * tokens;
                    for (int i = 0; i < headDim; i++) {
                        mixed[qi + i] = 0f;
                    }
                    for (int s = 0; s < tokens; s++) {
                        float w = (float) (row[s] / sum);
                        probs[p + s] = w;
                        int vi = (b * tokens + s) * embed + off;
                        for (int i = 0; i < headDim; i++) {
                            mixed[qi + i] += w * vs[vi + i];
                        }
                    }
                }
            }
        }
        output = Tensor.ensure(output, batch, tokens, embed);
        oToken = o.forward(mixed, n, output.data());
        return output;
    }

    @Override
    public Tensor backward(Tensor dy) {
        if (dy.rank() != 3 || dy.dim(0) != batch || dy.dim(1) != tokens || dy.dim(2) != embed) {
            throw new IllegalArgumentException(type + " backward got " + dy.shapeString());
        }
        for (StepMatrix m : stepMatrices()) {
            m.zeroGrad();
        }
        int n = batch * tokens;
        float[] dMixed = new float[n * embed];
        o.backward(oToken, mixed, n, dy.data(), dMixed);
        float[] dq = new float[n * embed], dk = new float[n * embed], dv = new float[n * embed];
        double scale = 1 / Math.sqrt(headDim);
        double[] dp = new double[tokens];
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < heads; h++) {
                int off = h * headDim;
                for (int t = 0; t < tokens; t++) {
                    int qi = (b * tokens + t) * embed + off;
                    int p = ((b * heads + h) * tokens + t) * tokens;
                    double dot = 0;
                    for (int s = 0; s < tokens; s++) {
                        int vi = (b * tokens + s) * embed + off;
                        double g = 0;
                        for (int i = 0; i < headDim; i++) {
                            g += dMixed[qi + i] * vs[vi + i];
                            dv[vi + i] += probs[p + s] * dMixed[qi + i];
                        }
                        dp[s] = g;
                        dot += g * probs[p + s];
                    }
                    // softmax backward, then the scaled dot product's two factors
                    for (int s = 0; s < tokens; s++) {
                        float ds = (float) (probs[p + s] * (dp[s] - dot) * scale);
                        int ki = (b * tokens + s) * embed + off;
                        for (int i = 0; i < headDim; i++) {
                            dq[qi + i] += ds * ks[ki + i];
                            dk[ki + i] += ds * qs[qi + i];
                        }
                    }
                }
            }
        }
        float[] dx = null, part = null;
        if (needsInputGrad) {
            gradInput = Tensor.ensure(gradInput, input.shape());
            dx = gradInput.data();
            part = new float[n * embed];
        }
        q.backward(qToken, input.data(), n, dq, dx);
        k.backward(kToken, input.data(), n, dk, part);
        add(dx, part);
        v.backward(vToken, input.data(), n, dv, part);
        add(dx, part);
        return needsInputGrad ? gradInput : null;
    }

    private static void add(float[] to, float[] from) {
        if (to != null) {
            for (int i = 0; i < from.length; i++) {
                to[i] += from[i];
            }
        }
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>();
        stepMatrices().forEach(m -> ps.addAll(m.parameters()));
        return ps;
    }

    @Override
    public Map<String, Tensor> state() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        String[] names = {"q.", "k.", "v.", "o."};
        for (int i = 0; i < 4; i++) {
            String prefix = names[i];
            stepMatrices().get(i).parameters().forEach(p -> m.put(prefix + p.name(), p.value()));
        }
        return m;
    }

    @Override
    public void visitTrainingState(io.analogcomposer.engine.resume.StateRegistry registry) {
        String[] names = {"q.", "k.", "v.", "o."};
        for (int i = 0; i < 4; i++) {
            stepMatrices().get(i).visitTrainingState(registry.within(names[i]));
        }
    }

    @Override
    public void train(boolean on) {
        super.train(on);
        stepMatrices().forEach(m -> m.train(on));
    }

    @Override
    public void setBackend(ComputeBackend backend) {
        super.setBackend(backend);
        stepMatrices().forEach(m -> m.setBackend(backend));
    }

    private static float[] ensure(float[] a, int n) {
        return a != null && a.length >= n ? a : new float[n];
    }
}
