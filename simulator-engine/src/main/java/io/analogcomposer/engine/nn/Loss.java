package io.analogcomposer.engine.nn;

import io.analogcomposer.engine.tensor.Tensor;
import java.util.Locale;

/**
 * A training objective with mean reduction. Class-index targets ({@code nll}, {@code cross_entropy}) are a
 * {@code [B]} tensor of class numbers stored as floats; {@code mse} and {@code bce} take targets shaped like the input.
 */
public abstract class Loss {
    /** Gradient buffer with respect to the input, reused across calls. */
    protected Tensor grad;

    /** The experiment-format name, e.g. {@code nll}. */
    public abstract String type();

    /** Computes the mean loss and remembers what {@link #backward()} needs. */
    public abstract float forward(Tensor input, Tensor target);

    /** Gradient of the last loss with respect to its input. */
    public Tensor backward() {
        return grad;
    }

    /** Whether targets are class indices (true) or tensors shaped like the output (false). */
    public boolean classTargets() {
        return true;
    }

    /** A loss by name: {@code nll}, {@code cross_entropy}, {@code mse}, {@code bce}. */
    public static Loss byName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "nll" -> new Nll(false);
            case "cross_entropy" -> new Nll(true);
            case "mse" -> new Mse();
            case "bce" -> new Bce();
            default -> throw new IllegalArgumentException(
                    "unknown loss '" + name + "'; expected one of nll, cross_entropy, mse, bce");
        };
    }

    static void checkClassTargets(String type, Tensor input, Tensor target) {
        if (input.rank() != 2 || target.size() != input.dim(0)) {
            throw new IllegalArgumentException(type + " expects input [batch, classes] and target [batch], got input "
                    + input.shapeString() + " and target " + target.shapeString());
        }
    }

    static int classOf(Tensor target, int b, int classes) {
        float v = target.data()[b];
        int c = (int) v;
        if (c != v || c < 0 || c >= classes) {
            throw new IllegalArgumentException("target class " + v + " at batch index " + b + " is not in [0, "
                    + classes + ")");
        }
        return c;
    }

    /** Negative log-likelihood on log-probabilities, or cross-entropy on logits (log-softmax folded in). */
    static final class Nll extends Loss {
        private final boolean fromLogits;

        Nll(boolean fromLogits) {
            this.fromLogits = fromLogits;
        }

        @Override
        public String type() {
            return fromLogits ? "cross_entropy" : "nll";
        }

        @Override
        public float forward(Tensor input, Tensor target) {
            checkClassTargets(type(), input, target);
            int batch = input.dim(0), classes = input.dim(1);
            grad = Tensor.ensure(grad, batch, classes);
            float[] x = input.data(), g = grad.data();
            double total = 0;
            float inv = 1f / batch;
            for (int b = 0; b < batch; b++) {
                int t = classOf(target, b, classes);
                int base = b * classes;
                if (fromLogits) {
                    float max = Float.NEGATIVE_INFINITY;
                    for (int j = 0; j < classes; j++) {
                        max = Math.max(max, x[base + j]);
                    }
                    double sum = 0;
                    for (int j = 0; j < classes; j++) {
                        sum += Math.exp(x[base + j] - max);
                    }
                    double lse = max + Math.log(sum);
                    total += lse - x[base + t];
                    for (int j = 0; j < classes; j++) {
                        g[base + j] = (float) (Math.exp(x[base + j] - lse) * inv);
                    }
                    g[base + t] -= inv;
                } else {
                    total -= x[base + t];
                    java.util.Arrays.fill(g, base, base + classes, 0f);
                    g[base + t] = -inv;
                }
            }
            return (float) (total / batch);
        }
    }

    /** Mean squared error over all elements. */
    static final class Mse extends Loss {
        @Override
        public String type() {
            return "mse";
        }

        @Override
        public boolean classTargets() {
            return false;
        }

        @Override
        public float forward(Tensor input, Tensor target) {
            if (input.size() != target.size()) {
                throw new IllegalArgumentException("mse needs input and target of equal size, got "
                        + input.shapeString() + " and " + target.shapeString());
            }
            int n = input.size();
            grad = Tensor.ensureLike(grad, input);
            float[] x = input.data(), t = target.data(), g = grad.data();
            double total = 0;
            for (int i = 0; i < n; i++) {
                float d = x[i] - t[i];
                total += (double) d * d;
                g[i] = 2f * d / n;
            }
            return (float) (total / n);
        }
    }

    /** Binary cross-entropy on probabilities; logarithms are clamped at -100 as PyTorch does. */
    static final class Bce extends Loss {
        @Override
        public String type() {
            return "bce";
        }

        @Override
        public boolean classTargets() {
            return false;
        }

        @Override
        public float forward(Tensor input, Tensor target) {
            if (input.size() != target.size()) {
                throw new IllegalArgumentException("bce needs input and target of equal size, got "
                        + input.shapeString() + " and " + target.shapeString());
            }
            int n = input.size();
            grad = Tensor.ensureLike(grad, input);
            float[] x = input.data(), t = target.data(), g = grad.data();
            double total = 0;
            for (int i = 0; i < n; i++) {
                double p = x[i];
                if (p < 0 || p > 1) {
                    throw new IllegalArgumentException("bce input must be probabilities in [0, 1], got " + p
                            + " at index " + i + " (add a sigmoid layer?)");
                }
                double lp = Math.max(Math.log(p), -100), l1p = Math.max(Math.log1p(-p), -100);
                total -= t[i] * lp + (1 - t[i]) * l1p;
                double denom = Math.max(p * (1 - p), 1e-12);
                g[i] = (float) ((p - t[i]) / denom / n);
            }
            return (float) (total / n);
        }
    }
}
