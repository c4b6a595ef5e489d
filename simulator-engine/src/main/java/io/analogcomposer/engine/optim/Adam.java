package io.analogcomposer.engine.optim;

import io.analogcomposer.engine.nn.Parameter;
import java.util.List;

/** Adam with bias correction and optional L2 weight decay added to the gradient (PyTorch's {@code Adam}). */
public final class Adam implements Optimizer {
    private final List<Parameter> params;
    private final double beta1, beta2, eps, weightDecay;
    private final float[][] m, v;
    private long t;
    private double lr;

    /** Adam with the given hyper-parameters. */
    public Adam(List<Parameter> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        if (lr < 0 || beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1 || eps <= 0 || weightDecay < 0) {
            throw new IllegalArgumentException("adam needs lr >= 0, betas in [0, 1), eps > 0 and weight_decay >= 0, got"
                    + " lr " + lr + " betas (" + beta1 + ", " + beta2 + ") eps " + eps + " weight_decay "
                    + weightDecay);
        }
        this.params = List.copyOf(params);
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.m = new float[this.params.size()][];
        this.v = new float[this.params.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = new float[this.params.get(i).value().size()];
            v[i] = new float[this.params.get(i).value().size()];
        }
    }

    @Override
    public void visitTrainingState(io.analogcomposer.engine.resume.StateRegistry registry) {
        for (int i = 0; i < m.length; i++) {
            registry.floats("adam.m." + i, m[i]);
            registry.floats("adam.v." + i, v[i]);
        }
        registry.scalar("adam.t", () -> t, value -> t = value);
    }

    @Override
    public void step() {
        t++;
        float b1 = (float) beta1, b2 = (float) beta2;
        double c1 = 1 - Math.pow(beta1, t), c2 = 1 - Math.pow(beta2, t);
        float stepSize = (float) (lr / c1);
        float sqrtC2 = (float) Math.sqrt(c2);
        float e = (float) eps, wd = (float) weightDecay;
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            float[] w = p.value().data(), g = p.grad().data(), mi = m[i], vi = v[i];
            int n = p.value().size();
            for (int j = 0; j < n; j++) {
                float gj = g[j] + wd * w[j];
                mi[j] = b1 * mi[j] + (1 - b1) * gj;
                vi[j] = b2 * vi[j] + (1 - b2) * gj * gj;
                w[j] -= stepSize * mi[j] / ((float) Math.sqrt(vi[j]) / sqrtC2 + e);
            }
        }
    }

    @Override
    public double learningRate() {
        return lr;
    }

    @Override
    public void setLearningRate(double lr) {
        this.lr = lr;
    }

    @Override
    public List<Parameter> parameters() {
        return params;
    }
}
