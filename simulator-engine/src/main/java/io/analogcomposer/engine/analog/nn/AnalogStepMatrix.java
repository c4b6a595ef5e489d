package io.analogcomposer.engine.analog.nn;

import io.analogcomposer.engine.analog.config.InferenceRpuConfig;
import io.analogcomposer.engine.nn.Parameter;
import io.analogcomposer.engine.nn.StepMatrix;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.List;

/**
 * A recurrent cell's weight matrix on analog tiles (AIHWKit's {@code AnalogLSTMCell} keeps {@code weight_ih} and
 * {@code weight_hh} as analog linear layers): every call is a full analog forward (input range, modified weights in
 * training, programmed and drifted weights after programming, ADC/DAC); its backward is the same as
 * {@link AnalogLinear}'s, for the call it is given, with the parameter gradients summed over the calls.
 */
public final class AnalogStepMatrix extends AnalogLayer implements StepMatrix {
    private float[][] sums;

    /** PyTorch's recurrent initialisation U(-bound, bound) for weights and bias. */
    public AnalogStepMatrix(int in, int out, boolean bias, float bound, InferenceRpuConfig config, Rng init) {
        super(out, in, uniform(init.split(1), bound, out, in), bias ? uniform(init.split(2), bound, out) : null, config,
                init.split(0xA11));
    }

    /** A matrix with the given logical weights {@code [out, in]} and bias (may be null). */
    public static AnalogStepMatrix of(float[] w, float[] b, int in, int out, InferenceRpuConfig config, Rng rng) {
        AnalogStepMatrix m = new AnalogStepMatrix(in, out, b != null, 0.1f, config, rng);
        m.setWeights(w, b);
        return m;
    }

    private static Tensor uniform(Rng rng, float bound, int... shape) {
        Tensor t = Tensor.zeros(shape);
        rng.fillUniform(t.data(), 0, t.size(), -bound, bound);
        return t;
    }

    @Override
    public String type() {
        return "analog_step_matrix";
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return new int[]{outSize};
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor y = Tensor.zeros(x.dim(0), outSize);
        forward(x.data(), x.dim(0), y.data());
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        throw new UnsupportedOperationException("a step matrix is differentiated per call, through its cell");
    }

    @Override
    public int inSize() {
        return inSize;
    }

    @Override
    public int outSize() {
        return outSize;
    }

    @Override
    public Object forward(float[] x, int n, float[] y) {
        forwardRows(x, n, y);
        return saveCall();
    }

    @Override
    public void backward(Object token, float[] x, int n, float[] dy, float[] dx) {
        restoreCall((CallState) token);
        backwardRows(x, dy, dx);
        // backwardRows writes this call's gradients; the cell needs their sum over its calls
        List<Parameter> ps = parameters();
        for (int p = 0; p < ps.size(); p++) {
            float[] g = ps.get(p).grad().data();
            for (int i = 0; i < g.length; i++) {
                sums[p][i] += g[i];
            }
            System.arraycopy(sums[p], 0, g, 0, g.length);
        }
    }

    @Override
    public void zeroGrad() {
        List<Parameter> ps = parameters();
        sums = new float[ps.size()][];
        for (int p = 0; p < ps.size(); p++) {
            sums[p] = new float[ps.get(p).grad().size()];
        }
    }
}
