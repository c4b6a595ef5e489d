package io.analogcomposer.engine.analog.update;

import io.analogcomposer.engine.nn.Bidirectional;
import io.analogcomposer.engine.nn.Lstm;
import io.analogcomposer.engine.nn.Module;
import io.analogcomposer.engine.nn.Parameter;
import io.analogcomposer.engine.nn.Recurrent;
import io.analogcomposer.engine.nn.Sequential;
import io.analogcomposer.engine.nn.StepMatrix;
import io.analogcomposer.engine.nn.StepMatrixOwner;
import io.analogcomposer.engine.optim.Optimizer;
import io.analogcomposer.engine.optim.Sgd;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * AIHWKit's {@code AnalogSGD} (and its analog optimizer wrapper): analog layers update their weights in memory with
 * pulses at the current learning rate; every other (digital) parameter takes a plain SGD step, or the step of the
 * wrapped optimizer. Learning-rate schedules apply through
 * {@link #setLearningRate}.
 */
public final class AnalogSgd implements Optimizer {
    private final List<PulsedAnalogLinear> analog;
    private final Optimizer digital;
    private final List<Parameter> all;
    private double lr;

    /**
     * An optimizer for every parameter of {@code model} (analog layers found inside {@link Sequential}s, and the
     * in-memory step matrices of recurrent, attention, encoder and per-token layers).
     */
    public AnalogSgd(Module model, double lr) {
        this(model, lr, params -> new Sgd(params, lr));
    }

    /**
     * AIHWKit's analog optimizer around another optimizer: the analog layers pulse the plain gradient at the current
     * learning rate; the digital parameters take {@code digital}'s steps (e.g. Adam, SGD with momentum).
     */
    public AnalogSgd(Module model, double lr, Function<List<Parameter>, Optimizer> digital) {
        if (!(lr > 0)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + lr);
        }
        this.lr = lr;
        this.analog = new ArrayList<>();
        collect(model, analog);
        Set<Parameter> analogWeights = Collections.newSetFromMap(new IdentityHashMap<>());
        for (PulsedAnalogLinear l : analog) {
            analogWeights.add(l.weight());
        }
        List<Parameter> dig = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            if (!analogWeights.contains(p)) {
                dig.add(p);
            }
        }
        this.digital = digital.apply(dig);
        this.digital.setLearningRate(lr);
        this.all = List.copyOf(model.parameters());
    }

    /** The digital parameters' optimizer state; the analog layers' tiles are registered by the model. */
    @Override
    public void visitTrainingState(io.analogcomposer.engine.resume.StateRegistry registry) {
        digital.visitTrainingState(registry.within("digital."));
    }

    private static void collect(Module m, List<PulsedAnalogLinear> out) {
        if (m instanceof PulsedAnalogLinear l) {
            out.add(l);
        } else if (m instanceof PulsedAnalogConv c) {
            out.add(c.crossbar());
        } else if (m instanceof Sequential s) {
            for (Module c : s.layers()) {
                collect(c, out);
            }
        } else if (m instanceof Bidirectional b) {
            collect(b.forwards(), out);
            collect(b.backwards(), out);
        } else if (m instanceof Lstm l) {
            collect(List.of(l.inputWeights(), l.hiddenWeights()), out);
        } else if (m instanceof Recurrent r) {
            collect(List.of(r.inputWeights(), r.hiddenWeights()), out);
        } else if (m instanceof StepMatrixOwner o) {
            // attention projections, encoder feed-forward matrices, per-token linears
            collect(o.stepMatrices(), out);
        }
    }

    private static void collect(List<StepMatrix> matrices, List<PulsedAnalogLinear> out) {
        for (StepMatrix w : matrices) {
            if (w instanceof PulsedStepMatrix p) {
                out.add(p.crossbar());
            }
        }
    }

    /** Whether {@code model} has layers trained in memory (which only this optimizer can update). */
    public static boolean hasPulsedLayers(Module model) {
        List<PulsedAnalogLinear> found = new ArrayList<>();
        collect(model, found);
        return !found.isEmpty();
    }

    /** The analog layers this optimizer updates with pulses. */
    public List<PulsedAnalogLinear> analogLayers() {
        return List.copyOf(analog);
    }

    @Override
    public void step() {
        digital.step();
        for (PulsedAnalogLinear l : analog) {
            l.applyUpdate(lr);
        }
    }

    @Override
    public double learningRate() {
        return lr;
    }

    @Override
    public void setLearningRate(double lr) {
        this.lr = lr;
        digital.setLearningRate(lr);
    }

    @Override
    public List<Parameter> parameters() {
        return all;
    }
}
