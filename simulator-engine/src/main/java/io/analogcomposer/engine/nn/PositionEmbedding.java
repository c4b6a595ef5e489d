package io.analogcomposer.engine.nn;

import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * A learned position embedding: a table {@code [tokens, features]} added to every sample of {@code [batch, tokens,
 * features]}, so that attention (which treats its tokens as a set) can tell the patches apart. Initialised
 * N(0, 0.02²) as in ViT. Digital.
 */
public final class PositionEmbedding extends Module {
    private final int tokens, features;
    private final Parameter table;
    private Tensor output, gradInput;

    public PositionEmbedding(int tokens, int features, Rng rng) {
        this.tokens = tokens;
        this.features = features;
        Tensor t = Tensor.zeros(tokens, features);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = (float) (0.02 * rng.nextGaussian());
        }
        this.table = new Parameter("weight", t);
    }

    @Override
    public String type() {
        return "position_embedding";
    }

    @Override
    public int[] outputShape(int[] in) {
        if (in.length != 2 || in[0] != tokens || in[1] != features) {
            throw new IllegalArgumentException("position_embedding expects input shape [" + tokens + ", " + features
                    + "], got " + Arrays.toString(in));
        }
        return in.clone();
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 3 || x.dim(1) != tokens || x.dim(2) != features) {
            throw new IllegalArgumentException("position_embedding expects [batch, " + tokens + ", " + features
                    + "], got " + x.shapeString());
        }
        output = Tensor.ensure(output, x.shape());
        float[] in = x.data(), y = output.data(), p = table.value().data();
        int per = tokens * features;
        for (int i = 0; i < x.size(); i++) {
            y[i] = in[i] + p[i % per];
        }
        return output;
    }

    @Override
    public Tensor backward(Tensor dy) {
        float[] g = table.grad().data(), d = dy.data();
        Arrays.fill(g, 0f);
        int per = tokens * features;
        for (int i = 0; i < dy.size(); i++) {
            g[i % per] += d[i];
        }
        if (!needsInputGrad) {
            return null;
        }
        gradInput = Tensor.ensure(gradInput, dy.shape());
        System.arraycopy(d, 0, gradInput.data(), 0, dy.size());
        return gradInput;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(table);
    }
}
