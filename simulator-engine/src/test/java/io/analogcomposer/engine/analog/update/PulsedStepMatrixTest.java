package io.analogcomposer.engine.analog.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.analogcomposer.engine.analog.device.DeviceModel;
import io.analogcomposer.engine.analog.device.PulsedDeviceParameters;
import io.analogcomposer.engine.analog.io.IOParameters;
import io.analogcomposer.engine.nn.Bidirectional;
import io.analogcomposer.engine.nn.DenseStepMatrix;
import io.analogcomposer.engine.nn.EncoderBlock;
import io.analogcomposer.engine.nn.Lstm;
import io.analogcomposer.engine.nn.Module;
import io.analogcomposer.engine.nn.MultiheadAttention;
import io.analogcomposer.engine.nn.Parameter;
import io.analogcomposer.engine.nn.Recurrent;
import io.analogcomposer.engine.nn.StepMatrix;
import io.analogcomposer.engine.nn.TokenLinear;
import io.analogcomposer.engine.optim.Sgd;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * In-memory training of weight matrices that a layer applies several times in one forward pass (recurrent cells once
 * per time step, attention projections, per-token linears): the update at the optimizer step is
 * {@code W -= lr Σ_calls Σ_rows d x^T}, one update over the rows of every call as AIHWKit's analog optimizer
 * concatenates them. Exact with an ideal device and exact MVMs (then every layer trains as its digital twin under
 * SGD), and in expectation with stochastic pulse trains on a constant-step device.
 */
class PulsedStepMatrixTest {
    private static final TrainingRpuConfig EXACT = new SingleRpuConfig(IOParameters.PERFECT, IOParameters.PERFECT,
            UpdateParameters.DEFAULT, PulsedDeviceParameters.builder(DeviceModel.IDEAL).build());

    private static float[] uniform(int n, Rng r) {
        float[] v = new float[n];
        r.fillUniform(v, 0, n, -1f, 1f);
        return v;
    }

    /** The calls' rows {@code x_t [n, in]}, {@code d_t [n, out]} of one mini-batch, t = 0..steps-1. */
    private record Calls(float[][] x, float[][] d, int n) {
        static Calls random(int steps, int n, int in, int out, Rng r) {
            float[][] x = new float[steps][], d = new float[steps][];
            for (int t = 0; t < steps; t++) {
                x[t] = uniform(n * in, r.split(2L * t));
                d[t] = uniform(n * out, r.split(2L * t + 1));
            }
            return new Calls(x, d, n);
        }

        /** {@code -lr Σ_t Σ_b d_tb x_tb^T}, row-major {@code [out, in]}. */
        double[] expectedChange(int in, int out, double lr) {
            double[] e = new double[out * in];
            for (int t = 0; t < x.length; t++) {
                for (int b = 0; b < n; b++) {
                    for (int i = 0; i < out; i++) {
                        for (int j = 0; j < in; j++) {
                            e[i * in + j] -= lr * d[t][b * out + i] * x[t][b * in + j];
                        }
                    }
                }
            }
            return e;
        }

        /** Forward every call, then backward them in reverse order, as a recurrent cell does. */
        void run(PulsedStepMatrix m) {
            m.zeroGrad();
            float[] y = new float[n * m.outSize()], dx = new float[n * m.inSize()];
            Object[] tokens = new Object[x.length];
            for (int t = 0; t < x.length; t++) {
                tokens[t] = m.forward(x[t], n, y);
            }
            for (int t = x.length - 1; t >= 0; t--) {
                m.backward(tokens[t], x[t], n, d[t], dx);
            }
        }
    }

    @Test
    void anIdealMatrixUsedAtSeveralStepsChangesByTheSumOfItsCallsOuterProducts() {
        int in = 11, out = 7;
        // 4 x 3 tiles of at most 3 inputs and 2 outputs: the calls' rows are split like a layer's
        PulsedStepMatrix m = PulsedStepMatrix.of(new float[out * in], new float[out], in, out, EXACT, 3, 2,
                new Rng(1));
        assertThat(m.crossbar().tiles()).hasSize(4 * 4);
        Calls c = Calls.random(5, 3, in, out, new Rng(2));
        c.run(m);
        assertThat(m.crossbar().pendingCallRows()).isEqualTo(5 * 3);
        m.crossbar().applyUpdate(0.1);
        assertThat(m.crossbar().pendingCallRows()).isZero();
        double[] e = c.expectedChange(in, out, 0.1);
        float[] w = m.crossbar().weightMatrix();
        for (int k = 0; k < e.length; k++) {
            assertThat((double) w[k]).as("w[%d]", k).isCloseTo(e[k], within(1e-5));
        }
        // the digital bias sums d over the calls and rows
        float[] g = m.parameters().get(1).grad().data();
        for (int i = 0; i < out; i++) {
            double s = 0;
            for (int t = 0; t < 5; t++) {
                for (int b = 0; b < 3; b++) {
                    s += c.d()[t][b * out + i];
                }
            }
            assertThat((double) g[i]).isCloseTo(s, within(1e-5));
        }
        // a second step without new calls changes nothing
        m.crossbar().applyUpdate(0.1);
        assertThat(m.crossbar().weightMatrix()).containsExactly(w);
    }

    @Test
    void stochasticPulseTrainsChangeTheWeightsBySumOfCallsInExpectation() {
        int in = 12, out = 6, repeats = 1500;
        double dw = 0.001, lr = 0.01;
        // a constant-step device without variations, bounds far away: every coincidence is exactly ±dw_min
        PulsedDeviceParameters steps = PulsedDeviceParameters.builder(DeviceModel.CONSTANT_STEP).noVariation()
                .dwMin(dw).wMax(100).wMin(-100).build();
        TrainingRpuConfig cfg = new SingleRpuConfig(IOParameters.PERFECT, IOParameters.PERFECT,
                UpdateParameters.DEFAULT, steps);
        PulsedStepMatrix m = PulsedStepMatrix.of(new float[out * in], null, in, out, cfg, 8, 4, new Rng(3));
        Calls c = Calls.random(3, 2, in, out, new Rng(4));
        long pulses = 0;
        for (int r = 0; r < repeats; r++) {
            c.run(m);
            m.crossbar().applyUpdate(lr);
            long now = m.crossbar().pulseCount();
            assertThat(now).as("every step pulses").isGreaterThan(pulses);
            pulses = now;
        }
        double[] e = c.expectedChange(in, out, lr * repeats);
        float[] w = m.crossbar().weightMatrix();
        double sumW = 0, sumE = 0;
        for (int i = 0; i < out; i++) {
            for (int j = 0; j < in; j++) {
                // each row's coincidences are Binomial(BL, p) with mean lr |x d| / dw: Var(w) <= dw lr Σ |x d|
                double var = 0;
                for (int t = 0; t < 3; t++) {
                    for (int b = 0; b < 2; b++) {
                        var += repeats * dw * lr * Math.abs(c.d()[t][b * out + i] * c.x()[t][b * in + j]);
                    }
                }
                double tol = 5 * Math.sqrt(var) + 1e-9;
                assertThat((double) w[i * in + j]).as("w[%d,%d]", i, j).isCloseTo(e[i * in + j], within(tol));
                sumW += w[i * in + j] * Math.signum(e[i * in + j]);
                sumE += Math.abs(e[i * in + j]);
            }
        }
        assertThat(sumW / sumE).as("mean update over all devices relative to lr Σ d x").isCloseTo(1.0,
                within(0.02));
    }

    static Stream<Arguments> layers() {
        Rng r = new Rng(7);
        return Stream.of(Arguments.of("lstm", (Supplier<Module>) () -> Lstm.digital(4, 5, true, false, r.split(1)),
                new int[]{3, 6, 4}, 2),
                Arguments.of("lstm sequence", (Supplier<Module>) () -> Lstm.digital(4, 5, true, true, r.split(2)),
                        new int[]{3, 6, 4}, 2),
                Arguments.of("gru", (Supplier<Module>) () -> Recurrent.digital(Recurrent.Cell.GRU, 4, 5, true, false,
                        r.split(3)), new int[]{3, 6, 4}, 2),
                Arguments.of("rnn", (Supplier<Module>) () -> Recurrent.digital(Recurrent.Cell.RNN, 4, 5, true, true,
                        r.split(4)), new int[]{3, 6, 4}, 2),
                Arguments.of("bidirectional lstm", (Supplier<Module>) () -> new Bidirectional("lstm",
                        Lstm.digital(4, 5, true, false, r.split(5)), Lstm.digital(4, 5, true, false, r.split(6)), 5,
                        false), new int[]{3, 6, 4}, 4),
                Arguments.of("attention", (Supplier<Module>) () -> MultiheadAttention.digital(8, 2, true, r.split(8)),
                        new int[]{2, 5, 8}, 4),
                Arguments.of("per-token linear", (Supplier<Module>) () -> TokenLinear.digital(8, 3, true, r.split(9)),
                        new int[]{2, 5, 8}, 1),
                Arguments.of("encoder block", (Supplier<Module>) () -> EncoderBlock.digital(8, 2, 12, r.split(10)),
                        new int[]{2, 5, 8}, 6));
    }

    /**
     * With an ideal device and exact MVMs every sequence layer trained in memory is its digital twin trained with
     * SGD: the same output and input gradient, and after one step the same weights (the in-memory update of each
     * matrix is exactly {@code -lr} times the gradient summed over the steps or tokens), biases and layer norms.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void anIdealInMemoryLayerTrainsAsItsDigitalTwinWithSgd(String name, Supplier<Module> make, int[] shape,
            int matrices) {
        Module digital = make.get();
        Module analog = twin(digital);
        AnalogSgd sgd = new AnalogSgd(analog, 0.2);
        assertThat(sgd.analogLayers()).as("matrices trained in memory").hasSize(matrices);
        assertThat(AnalogSgd.hasPulsedLayers(analog)).isTrue();
        for (Module m : List.of(digital, analog)) {
            m.train(true);
            m.setNeedsInputGrad(true);
        }
        Tensor x = Tensor.zeros(shape);
        new Rng(11).fillUniform(x.data(), 0, x.size(), -1f, 1f);
        Tensor yd = digital.forward(x).copy();
        Tensor ya = analog.forward(x).copy();
        assertThat(ya.data()).containsExactly(yd.data(), within(1e-5f));
        Tensor dy = Tensor.zeros(yd.shape());
        new Rng(12).fillUniform(dy.data(), 0, dy.size(), -1f, 1f);
        float[] dxd = digital.backward(dy).data().clone();
        assertThat(analog.backward(dy).data()).containsExactly(dxd, within(1e-5f));

        new Sgd(digital.parameters(), 0.2).step();
        sgd.step();
        List<Parameter> pd = digital.parameters(), pa = analog.parameters();
        assertThat(pa).hasSize(pd.size());
        for (int i = 0; i < pd.size(); i++) {
            assertThat(pa.get(i).value().data()).as("%s after the step", pd.get(i).name())
                    .containsExactly(pd.get(i).value().data(), within(2e-5f));
        }
        // and the next forward sees the updated devices
        assertThat(analog.forward(x).data()).containsExactly(digital.forward(x).data(), within(1e-4f));
    }

    /** The in-memory twin of a digital sequence layer, with its weights. */
    static Module twin(Module d) {
        if (d instanceof Lstm l) {
            return new Lstm("analog_lstm", l.inputWeights().inSize(), l.hiddenSize(), l.returnsSequence(),
                    twin(l.inputWeights()), twin(l.hiddenWeights()));
        }
        if (d instanceof Recurrent r) {
            return new Recurrent("analog_" + r.cell().name().toLowerCase(), r.cell(), r.inputWeights().inSize(),
                    r.hiddenSize(), r.returnsSequence(), twin(r.inputWeights()), twin(r.hiddenWeights()));
        }
        if (d instanceof Bidirectional b) {
            Lstm f = (Lstm) b.forwards();
            return new Bidirectional("analog_lstm", twin(f), twin(b.backwards()), f.hiddenSize(), false);
        }
        if (d instanceof MultiheadAttention a) {
            List<StepMatrix> m = a.stepMatrices();
            return new MultiheadAttention("analog_multihead_attention", a.embed(), a.heads(), twin(m.get(0)),
                    twin(m.get(1)), twin(m.get(2)), twin(m.get(3)));
        }
        if (d instanceof TokenLinear t) {
            return new TokenLinear("analog_linear", twin(t.matrix()));
        }
        EncoderBlock e = (EncoderBlock) d;
        return new EncoderBlock("analog_encoder_block", (MultiheadAttention) twin(e.attention()),
                (TokenLinear) twin(e.feedforwardUp()), (TokenLinear) twin(e.feedforwardDown()), 1e-5);
    }

    private static PulsedStepMatrix twin(StepMatrix m) {
        DenseStepMatrix d = (DenseStepMatrix) m;
        // small tiles (at most 3 inputs x 4 outputs), so every matrix spans several
        return PulsedStepMatrix.of(d.weight().value().toArray(), d.bias() == null ? null : d.bias().value().toArray(),
                d.inSize(), d.outSize(), EXACT, 3, 4, new Rng(d.inSize() * 31L + d.outSize()));
    }
}
