package io.analogcomposer.engine.optim;

import io.analogcomposer.engine.nn.Parameter;
import io.analogcomposer.engine.tensor.Ops;
import java.util.List;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight decay, following
 * PyTorch's update rule: {@code g += wd*w; v = mu*v + (1-dampening)*g; w -= lr * (nesterov ? g + mu*v : v)}.
 */
public final class Sgd implements Optimizer {
    private final List<Parameter> params;
    private final float momentum, dampening, weightDecay;
    private final boolean nesterov;
    private final float[][] velocity;
    private boolean started;
    private double lr;

    /** Plain SGD. */
    public Sgd(List<Parameter> params, double lr) {
        this(params, lr, 0, 0, 0, false);
    }

    /** SGD with every option; Nesterov needs momentum > 0 and zero dampening. */
    public Sgd(List<Parameter> params, double lr, double momentum, double dampening, double weightDecay,
            boolean nesterov) {
        if (lr < 0 || momentum < 0 || weightDecay < 0 || dampening < 0) {
            throw new IllegalArgumentException("sgd needs lr, momentum, dampening and weight_decay >= 0, got lr " + lr
                    + " momentum " + momentum + " dampening " + dampening + " weight_decay " + weightDecay);
        }
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("nesterov momentum requires momentum > 0 and dampening = 0");
        }
        this.params = List.copyOf(params);
        this.lr = lr;
        this.momentum = (float) momentum;
        this.dampening = (float) dampening;
        this.weightDecay = (float) weightDecay;
        this.nesterov = nesterov;
        this.velocity = new float[this.params.size()][];
        if (momentum > 0) {
            for (int i = 0; i < velocity.length; i++) {
                velocity[i] = new float[this.params.get(i).value().size()];
            }
        }
    }

    @Override
    public void visitTrainingState(io.analogcomposer.engine.resume.StateRegistry registry) {
        for (int i = 0; i < velocity.length; i++) {
            if (velocity[i] != null) {
                registry.floats("sgd.velocity." + i, velocity[i]);
            }
        }
        registry.scalar("sgd.started", () -> started ? 1 : 0, v -> started = v != 0);
    }

    @Override
    public void step() {
        float a = (float) -lr;
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            float[] w = p.value().data(), g = p.grad().data();
            int n = p.value().size();
            if (weightDecay != 0f) {
                Ops.axpy(n, weightDecay, w, 0, g, 0);
            }
            if (momentum == 0f) {
                Ops.axpy(n, a, g, 0, w, 0);
                continue;
            }
            float[] v = velocity[i];
            if (!started) {
                System.arraycopy(g, 0, v, 0, n); // PyTorch seeds the buffer with the first gradient
            } else {
                Ops.scale(n, momentum, v, 0);
                Ops.axpy(n, 1f - dampening, g, 0, v, 0);
            }
            if (nesterov) {
                Ops.axpy(n, a, g, 0, w, 0);
                Ops.axpy(n, a * momentum, v, 0, w, 0);
            } else {
                Ops.axpy(n, a, v, 0, w, 0);
            }
        }
        started = true;
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
