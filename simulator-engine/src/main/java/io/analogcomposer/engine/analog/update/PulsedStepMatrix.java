package io.analogcomposer.engine.analog.update;

import io.analogcomposer.engine.backend.ComputeBackend;
import io.analogcomposer.engine.nn.Parameter;
import io.analogcomposer.engine.nn.StepMatrix;
import io.analogcomposer.engine.random.Rng;
import java.util.List;

/**
 * A weight matrix trained in memory that a layer applies several times in one forward pass: a recurrent cell's
 * {@code weight_ih} / {@code weight_hh} (once per time step), an attention projection, a per-token linear. AIHWKit
 * builds these from {@code AnalogLinear} layers with any RPU config, so they train with pulses like a fully connected
 * layer: every call is an analog forward MVM, its backward an analog backward MVM, and the in-memory update at the
 * optimizer step is one {@link AnalogUpdateTile#update} over all calls' rows (AIHWKit concatenates each call's input
 * and output gradient along the batch axis), applied sample by sample as the pulsed tile does. The bias is digital.
 *
 * <p>
 * The crossbar is a {@link PulsedAnalogLinear} (same tiles, tile split, MVM periphery and random streams); this class
 * only gives it the per-call interface of a {@link StepMatrix}.
 */
public final class PulsedStepMatrix implements StepMatrix {
    private final PulsedAnalogLinear crossbar;

    /**
     * A matrix with PyTorch's recurrent initialisation U(-bound, bound) programmed into the devices, split into tiles
     * of at most {@code maxInputSize x maxOutputSize} (≤ 0: no split).
     */
    public PulsedStepMatrix(int in, int out, boolean bias, float bound, TrainingRpuConfig config, int maxInputSize,
            int maxOutputSize, Rng rng) {
        this.crossbar = new PulsedAnalogLinear(in, out, bias, config, maxInputSize, maxOutputSize, rng);
        float[] w = new float[out * in];
        Rng init = rng.split(0x5E);
        init.fillUniform(w, 0, w.length, -bound, bound);
        crossbar.setWeights(w);
        if (bias) {
            init.fillUniform(crossbar.bias().value().data(), 0, out, -bound, bound);
        }
    }

    /** A matrix with the given logical weights {@code [out, in]} and bias (may be null). */
    public static PulsedStepMatrix of(float[] w, float[] b, int in, int out, TrainingRpuConfig config,
            int maxInputSize, int maxOutputSize, Rng rng) {
        PulsedStepMatrix m = new PulsedStepMatrix(in, out, b != null, 0.1f, config, maxInputSize, maxOutputSize, rng);
        m.crossbar.setWeights(w);
        if (b != null) {
            System.arraycopy(b, 0, m.crossbar.bias().value().data(), 0, out);
        }
        return m;
    }

    /** The crossbar whose update {@link AnalogSgd} applies. */
    public PulsedAnalogLinear crossbar() {
        return crossbar;
    }

    @Override
    public int inSize() {
        return crossbar.weight().value().dim(1);
    }

    @Override
    public int outSize() {
        return crossbar.weight().value().dim(0);
    }

    @Override
    public Object forward(float[] x, int n, float[] y) {
        crossbar.forwardCall(x, n, y);
        return null;
    }

    @Override
    public void backward(Object token, float[] x, int n, float[] dy, float[] dx) {
        crossbar.backwardCall(x, n, dy, dx);
    }

    /** Starts a new sum over calls: the bias gradient and the rows kept for the update. */
    @Override
    public void zeroGrad() {
        crossbar.clearCalls();
    }

    @Override
    public List<Parameter> parameters() {
        return crossbar.parameters();
    }

    @Override
    public void train(boolean on) {
        crossbar.train(on);
    }

    @Override
    public void setBackend(ComputeBackend backend) {
        crossbar.setBackend(backend);
    }

    /** The crossbar's whole training state: devices, random streams, pulse counters. */
    @Override
    public void visitTrainingState(io.analogcomposer.engine.resume.StateRegistry registry) {
        crossbar.visitTrainingState(registry);
    }
}
