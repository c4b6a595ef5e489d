package io.analogcomposer.engine.experiment;

import io.analogcomposer.engine.analog.update.AnalogSgd;
import io.analogcomposer.engine.nn.Module;
import io.analogcomposer.engine.nn.Parameter;
import io.analogcomposer.engine.optim.Adam;
import io.analogcomposer.engine.optim.Optimizer;
import io.analogcomposer.engine.optim.Sgd;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The optimizer: {@code type} {@code sgd} (lr, momentum, dampening, weight_decay, nesterov), {@code analog_sgd}
 * (AIHWKit's AnalogSGD: SGD on digital parameters; analog tiles apply their own update once analog layers exist) or
 * {@code adam} (lr, betas, eps, weight_decay). Fields that do not apply to the type are ignored.
 */
public record OptimizerSpec(String type, double lr, double momentum, double dampening, double weightDecay,
        boolean nesterov, double beta1, double beta2, double eps) {
    /** Validates the type and the learning rate. */
    public OptimizerSpec {
        type = type.toLowerCase(Locale.ROOT);
        if (!type.equals("sgd") && !type.equals("analog_sgd") && !type.equals("adam")) {
            throw new IllegalArgumentException("optimizer type must be sgd, analog_sgd or adam, got '" + type + "'");
        }
        if (!(lr > 0)) {
            throw new IllegalArgumentException("optimizer lr must be > 0, got " + lr);
        }
    }

    /** Plain SGD. */
    public static OptimizerSpec sgd(double lr) {
        return sgd(lr, 0);
    }

    /** SGD with momentum. */
    public static OptimizerSpec sgd(double lr, double momentum) {
        return new OptimizerSpec("sgd", lr, momentum, 0, 0, false, 0.9, 0.999, 1e-8);
    }

    /** Adam with PyTorch's default betas and eps. */
    public static OptimizerSpec adam(double lr) {
        return new OptimizerSpec("adam", lr, 0, 0, 0, false, 0.9, 0.999, 1e-8);
    }

    /**
     * Builds the optimizer for a model. Layers trained in memory (pulsed devices) change only by pulses of the plain
     * gradient at the current learning rate, whatever the type (AIHWKit's analog optimizers); the type's own step
     * (momentum, weight decay, Adam) applies to the digital parameters.
     */
    public Optimizer create(Module model) {
        if (!AnalogSgd.hasPulsedLayers(model)) {
            return create(model.parameters());
        }
        return new AnalogSgd(model, lr, this::create);
    }

    /** Builds the optimizer over the given parameters. */
    public Optimizer create(List<Parameter> params) {
        return type.equals("adam")
                ? new Adam(params, lr, beta1, beta2, eps, weightDecay)
                : new Sgd(params, lr, momentum, dampening, weightDecay, nesterov);
    }

    /** JSON-ready map (only the fields that apply to the type). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("lr", lr);
        if (!type.equals("adam")) {
            m.put("momentum", momentum);
            m.put("dampening", dampening);
            m.put("weight_decay", weightDecay);
            m.put("nesterov", nesterov);
        } else {
            m.put("betas", List.of(beta1, beta2));
            m.put("eps", eps);
            m.put("weight_decay", weightDecay);
        }
        return m;
    }

    /** Reads the map form; missing fields take PyTorch's defaults. */
    public static OptimizerSpec fromMap(Map<String, Object> m) {
        String w = "optimizer";
        String type = Params.getString(m, "type", "analog_sgd", w);
        double b1 = 0.9, b2 = 0.999;
        Object betas = m.get("betas");
        if (betas instanceof List<?> l && l.size() == 2 && l.get(0) instanceof Number n1
                && l.get(1) instanceof Number n2) {
            b1 = n1.doubleValue();
            b2 = n2.doubleValue();
        } else if (betas != null) {
            throw new IllegalArgumentException("optimizer: field 'betas' must be a list of two numbers, got " + betas);
        }
        return new OptimizerSpec(type, Params.getDouble(m, "lr", 0.05, w), Params.getDouble(m, "momentum", 0, w),
                Params.getDouble(m, "dampening", 0, w), Params.getDouble(m, "weight_decay", 0, w),
                Params.getBool(m, "nesterov", false, w), b1, b2, Params.getDouble(m, "eps", 1e-8, w));
    }
}
