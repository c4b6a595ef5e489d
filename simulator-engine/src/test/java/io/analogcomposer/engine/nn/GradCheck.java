package io.analogcomposer.engine.nn;

import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Tensor;

/** Central finite differences against a module's backward pass, on L = sum(r * forward(x)) for a fixed random r. */
final class GradCheck {
    private GradCheck() {
    }

    static double objective(Module m, Tensor x, float[] r) {
        Tensor y = m.forward(x);
        double s = 0;
        for (int i = 0; i < y.size(); i++) {
            s += (double) r[i] * y.data()[i];
        }
        return s;
    }

    /** Checks input and parameter gradients at up to {@code samples} coordinates each. */
    static void check(Module m, Tensor x, double eps, double tol, int samples) {
        m.setNeedsInputGrad(true);
        Tensor y = m.forward(x);
        Rng rng = new Rng(99);
        float[] r = new float[y.size()];
        rng.fillUniform(r, 0, r.length, -1f, 1f);
        Tensor dx = m.backward(Tensor.of(r, y.shape()));
        float[] analytic = dx.toArray();
        compare("input", m, x.data(), analytic, r, x, eps, tol, samples, rng);
        for (Parameter p : m.parameters()) {
            m.forward(x);
            m.backward(Tensor.of(r, y.shape()));
            float[] g = p.grad().toArray();
            compare(p.name(), m, p.value().data(), g, r, x, eps, tol, samples, rng);
        }
    }

    private static void compare(String what, Module m, float[] values, float[] analytic, float[] r, Tensor x,
            double eps, double tol, int samples, Rng rng) {
        int n = analytic.length;
        for (int s = 0; s < Math.min(samples, n); s++) {
            int i = samples >= n ? s : rng.nextInt(n);
            float orig = values[i];
            values[i] = (float) (orig + eps);
            double up = objective(m, x, r);
            values[i] = (float) (orig - eps);
            double down = objective(m, x, r);
            values[i] = orig;
            double numeric = (up - down) / (2 * eps);
            double err = Math.abs(numeric - analytic[i]);
            if (err > tol * Math.max(1.0, Math.abs(numeric))) {
                throw new AssertionError(m.type() + " d/d" + what + "[" + i + "]: analytic " + analytic[i]
                        + " numeric " + numeric);
            }
        }
    }

    static Tensor randomInput(long seed, int... shape) {
        Tensor t = Tensor.zeros(shape);
        Rng r = new Rng(seed);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            // keep values away from 0 so ReLU-like kinks are not straddled by the finite difference
            float v = 0.1f + 0.9f * r.nextFloat();
            d[i] = r.nextFloat() < 0.5f ? -v : v;
        }
        return t;
    }
}
