package io.analogcomposer.engine.nn;

import io.analogcomposer.engine.tensor.FastMath;
import io.analogcomposer.engine.tensor.Tensor;

/**
 * Parameter-free nonlinearities. Pointwise ones act on every element; softmax and log-softmax normalise over axis 1
 * (features or channels) for every batch entry and spatial position.
 */
public final class Activation extends Module {
    /** The supported functions, with their experiment-format names. */
    public enum Kind {
        RELU("relu"), LEAKY_RELU("leaky_relu"), SIGMOID("sigmoid"), TANH("tanh"), SOFTMAX("softmax"), LOG_SOFTMAX(
                "log_softmax"), LOG_SIGMOID("log_sigmoid");

        private final String type;

        Kind(String type) {
            this.type = type;
        }

        /** The snake_case name. */
        public String type() {
            return type;
        }
    }

    private final Kind kind;
    private final float slope;
    private Tensor input, output, gradInput;

    /** An activation; {@code negativeSlope} is used by leaky ReLU only. */
    public Activation(Kind kind, double negativeSlope) {
        this.kind = kind;
        this.slope = (float) negativeSlope;
    }

    /** An activation without parameters. */
    public Activation(Kind kind) {
        this(kind, 0.01);
    }

    @Override
    public String type() {
        return kind.type;
    }

    /** Leaky ReLU's slope for negative inputs. */
    public float negativeSlope() {
        return slope;
    }

    /** Which function this is. */
    public Kind kind() {
        return kind;
    }

    @Override
    public int[] outputShape(int[] s) {
        if ((kind == Kind.SOFTMAX || kind == Kind.LOG_SOFTMAX) && s.length < 1) {
            throw new IllegalArgumentException(kind.type + " needs at least one feature axis");
        }
        return s.clone();
    }

    @Override
    public Tensor forward(Tensor x) {
        input = x;
        output = Tensor.ensureLike(output, x);
        float[] in = x.data(), out = output.data();
        int n = x.size();
        switch (kind) {
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    out[i] = in[i] > 0f ? in[i] : 0f;
                }
            }
            case LEAKY_RELU -> {
                for (int i = 0; i < n; i++) {
                    out[i] = in[i] > 0f ? in[i] : in[i] * slope;
                }
            }
            case SIGMOID -> FastMath.sigmoid(in, out, n);
            case TANH -> FastMath.tanh(in, out, n);
            case LOG_SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    float v = in[i];
                    out[i] = (float) (Math.min(v, 0.0) - Math.log1p(Math.exp(-Math.abs(v))));
                }
            }
            case SOFTMAX, LOG_SOFTMAX -> softmax(x, kind == Kind.LOG_SOFTMAX);
        }
        return output;
    }

    /** Numerically stable logistic function. */
    public static float sigmoid(float v) {
        if (v >= 0f) {
            return (float) (1.0 / (1.0 + Math.exp(-v)));
        }
        double e = Math.exp(v);
        return (float) (e / (1.0 + e));
    }

    private void softmax(Tensor x, boolean log) {
        int batch = x.dim(0), f = x.rank() > 1 ? x.dim(1) : x.size() / batch, inner = x.size() / (batch * f);
        float[] in = x.data(), out = output.data();
        for (int b = 0; b < batch; b++) {
            for (int s = 0; s < inner; s++) {
                int base = b * f * inner + s;
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < f; j++) {
                    max = Math.max(max, in[base + j * inner]);
                }
                double sum = 0;
                for (int j = 0; j < f; j++) {
                    sum += Math.exp(in[base + j * inner] - max);
                }
                if (log) {
                    float lse = (float) (max + Math.log(sum));
                    for (int j = 0; j < f; j++) {
                        out[base + j * inner] = in[base + j * inner] - lse;
                    }
                } else {
                    for (int j = 0; j < f; j++) {
                        out[base + j * inner] = (float) (Math.exp(in[base + j * inner] - max) / sum);
                    }
                }
            }
        }
    }

    @Override
    public Tensor backward(Tensor dy) {
        if (dy.size() != output.size()) {
            throw new IllegalArgumentException(kind.type + " backward expects " + output.shapeString() + ", got "
                    + dy.shapeString());
        }
        if (!needsInputGrad) {
            return null;
        }
        gradInput = Tensor.ensureLike(gradInput, dy);
        float[] g = gradInput.data(), d = dy.data(), y = output.data(), x = input.data();
        int n = dy.size();
        switch (kind) {
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    g[i] = y[i] > 0f ? d[i] : 0f;
                }
            }
            case LEAKY_RELU -> {
                for (int i = 0; i < n; i++) {
                    g[i] = x[i] > 0f ? d[i] : d[i] * slope;
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    g[i] = d[i] * y[i] * (1f - y[i]);
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    g[i] = d[i] * (1f - y[i] * y[i]);
                }
            }
            case LOG_SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    g[i] = d[i] * sigmoid(-x[i]);
                }
            }
            case SOFTMAX, LOG_SOFTMAX -> softmaxBackward(dy, kind == Kind.LOG_SOFTMAX);
        }
        return gradInput;
    }

    private void softmaxBackward(Tensor dy, boolean log) {
        int batch = dy.dim(0), f = dy.rank() > 1 ? dy.dim(1) : dy.size() / batch, inner = dy.size() / (batch * f);
        float[] g = gradInput.data(), d = dy.data(), y = output.data();
        for (int b = 0; b < batch; b++) {
            for (int s = 0; s < inner; s++) {
                int base = b * f * inner + s;
                double dot = 0;
                for (int j = 0; j < f; j++) {
                    int i = base + j * inner;
                    dot += log ? d[i] : d[i] * y[i];
                }
                for (int j = 0; j < f; j++) {
                    int i = base + j * inner;
                    g[i] = log ? (float) (d[i] - Math.exp(y[i]) * dot) : (float) (y[i] * (d[i] - dot));
                }
            }
        }
    }
}
