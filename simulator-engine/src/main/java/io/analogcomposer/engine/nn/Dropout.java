package io.analogcomposer.engine.nn;

import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.Arrays;

/**
 * Inverted dropout: in training each element is zeroed with probability p and the rest scaled by 1/(1-p); identity in
 * evaluation. The mask of call n comes from stream n of the layer's generator, so runs are reproducible.
 */
public final class Dropout extends Module {
    private final float p;
    private final Rng rng;
    private long calls;
    private Tensor output, mask, gradInput;

    /** A dropout layer with drop probability {@code p} in [0, 1). */
    public Dropout(double p, Rng rng) {
        if (p < 0 || p >= 1) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        }
        this.p = (float) p;
        this.rng = rng;
    }

    @Override
    public String type() {
        return "dropout";
    }

    /** The drop probability. */
    public float p() {
        return p;
    }

    @Override
    public int[] outputShape(int[] s) {
        return s.clone();
    }

    @Override
    public Tensor forward(Tensor x) {
        output = Tensor.ensureLike(output, x);
        if (!training || p == 0f) {
            output.copyFrom(x);
            mask = null;
            return output;
        }
        mask = Tensor.ensureLike(mask, x);
        Rng r = rng.split(calls++);
        float scale = 1f / (1f - p);
        float[] m = mask.data(), in = x.data(), out = output.data();
        for (int i = 0; i < x.size(); i++) {
            m[i] = r.nextFloat() < p ? 0f : scale;
            out[i] = in[i] * m[i];
        }
        return output;
    }

    @Override
    public Tensor backward(Tensor dy) {
        if (!needsInputGrad) {
            return null;
        }
        gradInput = Tensor.ensureLike(gradInput, dy);
        float[] g = gradInput.data(), d = dy.data();
        if (mask == null) {
            System.arraycopy(d, 0, g, 0, dy.size());
        } else {
            float[] m = mask.data();
            for (int i = 0; i < dy.size(); i++) {
                g[i] = d[i] * m[i];
            }
        }
        return gradInput;
    }

    @Override
    public String toString() {
        return "Dropout[p=" + p + ", calls=" + calls + ", shape="
                + (output == null ? "-" : Arrays.toString(output.shape()))
                + "]";
    }

    @Override
    public void visitTrainingState(io.analogcomposer.engine.resume.StateRegistry registry) {
        super.visitTrainingState(registry);
        registry.scalar("calls", () -> calls, v -> calls = v); // each call's mask comes from split(calls)
    }
}
