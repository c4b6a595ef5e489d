package io.analogcomposer.engine.nn;

import io.analogcomposer.engine.backend.ComputeBackend;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Layers applied in order; parameters are named {@code <index>.<name>} as in PyTorch's state dicts. */
public final class Sequential extends Module {
    private final List<Module> layers;

    /**
     * A container over the given layers. Layers up to and including the first one with parameters are told they need
     * not compute their input gradient: nothing before them learns, so that work (a whole GEMM for a first linear
     * layer) would be thrown away.
     */
    public Sequential(List<Module> layers) {
        this.layers = List.copyOf(layers);
        setNeedsInputGrad(false);
    }

    /** The layers, in order. */
    public List<Module> layers() {
        return layers;
    }

    @Override
    public String type() {
        return "sequential";
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        int[] s = inputShape;
        for (int i = 0; i < layers.size(); i++) {
            try {
                s = layers.get(i).outputShape(s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("layer " + i + " (" + layers.get(i).type() + ") with input shape "
                        + Arrays.toString(s) + ": " + e.getMessage(), e);
            }
        }
        return s;
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Module m : layers) {
            x = m.forward(x);
        }
        return x;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        Tensor g = gradOutput;
        for (int i = layers.size() - 1; i >= 0; i--) {
            g = layers.get(i).backward(g);
            if (g == null) {
                break;
            }
        }
        return g;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (Module m : layers) {
            all.addAll(m.parameters());
        }
        return all;
    }

    @Override
    public Map<String, Tensor> state() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            for (Map.Entry<String, Tensor> e : layers.get(i).state().entrySet()) {
                m.put(i + "." + e.getKey(), e.getValue());
            }
        }
        return m;
    }

    @Override
    public void visitTrainingState(io.analogcomposer.engine.resume.StateRegistry registry) {
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).visitTrainingState(registry.within(i + "."));
        }
    }

    @Override
    public void train(boolean on) {
        super.train(on);
        for (Module m : layers) {
            m.train(on);
        }
    }

    @Override
    public void setBackend(ComputeBackend backend) {
        super.setBackend(backend);
        for (Module m : layers) {
            m.setBackend(backend);
        }
    }

    /**
     * With {@code needed}, every layer back-propagates to its input; without, only the layers after the first one
     * with parameters do.
     */
    @Override
    public void setNeedsInputGrad(boolean needed) {
        super.setNeedsInputGrad(needed);
        boolean beforeFirstLearner = !needed;
        for (Module m : layers) {
            m.setNeedsInputGrad(!beforeFirstLearner);
            if (beforeFirstLearner && !m.parameters().isEmpty()) {
                beforeFirstLearner = false;
            }
        }
    }

    /** Number of trainable scalars. */
    public long parameterCount() {
        long n = 0;
        for (Parameter p : parameters()) {
            n += p.value().size();
        }
        return n;
    }
}
