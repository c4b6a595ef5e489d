package io.analogcomposer.engine.analog.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.analogcomposer.engine.analog.config.DriftCompensation;
import io.analogcomposer.engine.analog.config.InferenceRpuConfig;
import io.analogcomposer.engine.analog.config.MappingParameters;
import io.analogcomposer.engine.analog.config.Presets;
import io.analogcomposer.engine.analog.config.WeightClipParameters;
import io.analogcomposer.engine.analog.config.WeightModifierParameters;
import io.analogcomposer.engine.analog.config.WeightRemapParameters;
import io.analogcomposer.engine.analog.io.IOParameters;
import io.analogcomposer.engine.nn.Activation;
import io.analogcomposer.engine.nn.Conv1d;
import io.analogcomposer.engine.nn.Conv2d;
import io.analogcomposer.engine.nn.Flatten;
import io.analogcomposer.engine.nn.Linear;
import io.analogcomposer.engine.nn.Module;
import io.analogcomposer.engine.nn.Parameter;
import io.analogcomposer.engine.nn.Sequential;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnalogLayersTest {
    /** Exact MVM, split tiles, column-wise omega scaling, learned scales, digital bias: must equal a digital layer. */
    static final InferenceRpuConfig PERFECT_SPLIT = Presets.COMPOSER_WEB.withForward(IOParameters.PERFECT)
            .withMapping(new MappingParameters(true, 1.0, true, true, true, 40, 16))
            .withTraining(WeightModifierParameters.NONE, WeightClipParameters.NONE, WeightRemapParameters.NONE,
                    Presets.COMPOSER_WEB.inputRange());

    static Tensor random(long seed, int... shape) {
        Tensor t = Tensor.zeros(shape);
        new Rng(seed).fillUniform(t.data(), 0, t.size(), -1f, 1f);
        return t;
    }

    static void assertClose(Tensor a, Tensor b, double tol) {
        assertThat(a.shape()).containsExactly(b.shape());
        for (int i = 0; i < a.size(); i++) {
            assertThat((double) a.data()[i]).as("element " + i).isCloseTo(b.data()[i], offset(tol));
        }
    }

    @Test
    void perfectSplitLinearEqualsTheDigitalLayerAndHasExactGradients() {
        Linear d = new Linear(90, 35, true, new Rng(1));
        AnalogLinear a = AnalogLinear.of(d.weight().value().toArray(), d.bias().value().toArray(), 90, 35,
                PERFECT_SPLIT, new Rng(2));
        assertThat(a.tileArray().tileCount()).isEqualTo(3 * 3);
        Tensor x = random(3, 7, 90);
        assertClose(a.forward(x), d.forward(x), 1e-5);
        assertClose(Tensor.of(a.logicalWeights(), 35, 90), d.weight().value(), 1e-6);
        gradCheck(a, x);
    }

    @Test
    void anSgdStepMovesTheLogicalWeightsLikeDigitalSgdWhateverTheOmegaScaling() {
        // AIHWKit divides the tile's update signal by the mapping scales: with omega scaling and learned output
        // scales, one SGD step on a noise-free analog layer changes its logical weights exactly as the same step on
        // the digital layer does. With the exact gradient instead, the step would shrink by s² (s = max|w| per row).
        Linear d = new Linear(64, 8, true, new Rng(21));
        AnalogLinear a = AnalogLinear.of(d.weight().value().toArray(), d.bias().value().toArray(), 64, 8,
                PERFECT_SPLIT, new Rng(22));
        float s0 = a.mappingScales().data()[0];
        assertThat((double) s0).as("omega scaling moved max|w| into the mapping scale").isLessThan(0.2);
        Tensor x = random(23, 5, 64), dy = random(24, 5, 8);
        double lr = 0.1;
        for (Module m : List.of(d, a)) {
            m.train(true);
            m.forward(x);
            m.backward(dy);
            new io.analogcomposer.engine.optim.Sgd(m.parameters(), lr).step();
        }
        // the learned output scale moves too (by its exact gradient): logical weights after the step are
        // s·alpha'·(W + ΔW) with s·ΔW = ΔW_digital, i.e. alpha' times the digital layer's new weights
        float[] alpha = a.outScale().value().toArray(); // one per output (out_scaling_columnwise)
        assertThat((double) alpha[0]).isNotEqualTo(1.0);
        Tensor expected = d.weight().value().copy();
        for (int i = 0; i < expected.size(); i++) {
            expected.data()[i] *= alpha[i / 64];
        }
        assertClose(Tensor.of(a.logicalWeights(), 8, 64), expected, 1e-6);
        assertClose(a.bias().value(), d.bias().value(), 1e-6);
    }

    @Test
    void withWeightScalingLrCompensationEachOutputStepsByItsScaleOverTheTilesMeanScale() {
        // weight_scaling_lr_compensation: AIHWKit divides the tile's learning rate by the mean of its mapping scales
        // instead of dividing each output's update signal by its own scale. On the logical weights s_o·W_o, output
        // o then moves by the digital step times s_o / mean(s): larger-scaled outputs move more.
        InferenceRpuConfig compensated = PERFECT_SPLIT
                .withMapping(new MappingParameters(true, 1.0, true, false, false, 0, 0, true));
        Linear d = new Linear(64, 8, true, new Rng(31));
        float[] w0 = d.weight().value().data();
        for (int i = 0; i < w0.length; i++) {
            w0[i] *= 0.5f + (i / 64) * 0.25f; // rows of different sizes: per-row scales from 0.5 to 2.25 times
        }
        AnalogLinear a = AnalogLinear.of(d.weight().value().toArray(), d.bias().value().toArray(), 64, 8,
                compensated, new Rng(32));
        assertThat(a.tileArray().tileCount()).isEqualTo(1);
        float[] scales = a.mappingScales().data().clone();
        double mean = 0;
        for (float v : scales) {
            mean += v / 8.0;
        }
        float[] before = d.weight().value().toArray();
        Tensor x = random(33, 5, 64), dy = random(34, 5, 8);
        for (Module m : List.of(d, a)) {
            m.train(true);
            m.forward(x);
            m.backward(dy);
            new io.analogcomposer.engine.optim.Sgd(m.parameters(), 0.1).step();
        }
        float[] digitalAfter = d.weight().value().toArray();
        float[] logical = a.logicalWeights();
        double spread = 0;
        for (int o = 0; o < 8; o++) {
            double factor = scales[o] / mean;
            spread = Math.max(spread, Math.abs(factor - 1));
            for (int j = 0; j < 64; j++) {
                int i = o * 64 + j;
                double expected = before[i] + (digitalAfter[i] - before[i]) * factor;
                assertThat((double) logical[i]).as("output %d, input %d", o, j).isCloseTo(expected, offset(1e-6));
            }
        }
        assertThat(spread).as("the outputs' scales differ, so the compensation is visible").isGreaterThan(0.1);
        assertClose(a.bias().value(), d.bias().value(), 1e-6);
    }

    @Test
    void analogBiasColumnGivesTheSameFunction() {
        Linear d = new Linear(20, 6, true, new Rng(4));
        InferenceRpuConfig cfg = Presets.COMPOSER_WEB_OLD.withForward(IOParameters.PERFECT);
        AnalogLinear a = AnalogLinear.of(d.weight().value().toArray(), d.bias().value().toArray(), 20, 6, cfg,
                new Rng(5));
        assertThat(a.analogBias()).isTrue();
        Tensor x = random(6, 4, 20);
        a.train(false);
        assertClose(a.forward(x), d.forward(x), 1e-5);
    }

    @Test
    void perfectConvolutionsEqualTheDigitalOnesAndConvertedNetworksKeepTheirFunction() {
        Module digital = new Sequential(List.of(new Conv2d(2, 4, 3, 1, 1, 1, true, new Rng(7)),
                new Activation(Activation.Kind.RELU), new Flatten(), new Linear(4 * 6 * 6, 5, true, new Rng(8))));
        Module analog = AnalogNetworks.convert(digital, PERFECT_SPLIT, new Rng(9));
        assertThat(AnalogNetworks.analogLayers(analog)).hasSize(2);
        Tensor x = random(10, 3, 2, 6, 6);
        digital.train(false);
        analog.train(false);
        assertClose(analog.forward(x), digital.forward(x), 1e-4);

        Conv1d c1 = new Conv1d(3, 4, 3, 2, 1, 1, true, new Rng(11));
        Module a1 = AnalogNetworks.convert(c1, PERFECT_SPLIT, new Rng(12));
        Tensor x1 = random(13, 2, 3, 9);
        assertClose(a1.forward(x1), c1.forward(x1), 1e-5);
    }

    @Test
    void convolutionGradientsAreExact() {
        AnalogConv2d c = new AnalogConv2d(2, 3, 3, 2, 1, 1, true, PERFECT_SPLIT, new Rng(14));
        gradCheck(c, random(15, 2, 2, 5, 5));
    }

    @Test
    void blockedBackwardOfANoisyConvolutionGivesTheSameGradientsAsTheWholeOne() {
        // one thread scatters the patch-row gradients block by block, several threads compute them whole: the same
        // products and sums, so the same bits (LeNet5's second layer with the composer's noisy training preset)
        Tensor[] grads = new Tensor[2];
        float[][] weightGrads = new float[2][], outScaleGrads = new float[2][];
        for (int t = 0; t < 2; t++) {
            AnalogConv2d c = new AnalogConv2d(16, 32, 5, 1, 0, 1, true, Presets.COMPOSER_WEB, new Rng(21));
            c.setBackend(new io.analogcomposer.engine.backend.JavaBackend(t + 1));
            c.setNeedsInputGrad(true);
            c.train(true);
            Tensor y = c.forward(random(22, 5, 16, 12, 12));
            Tensor dy = random(23, y.shape());
            grads[t] = c.backward(dy).copy();
            // the bias gradient is the sum of dy over the rows (image, then position), in that order from zero
            for (int o = 0; o < 32; o++) {
                float sum = 0f;
                for (int b = 0; b < 5; b++) {
                    for (int q = 0; q < 64; q++) {
                        sum += dy.data()[(b * 32 + o) * 64 + q];
                    }
                }
                assertThat(c.bias().grad().data()[o]).isEqualTo(sum);
            }
            weightGrads[t] = c.weight().grad().data().clone();
            outScaleGrads[t] = c.outScale().grad().data().clone();
        }
        assertThat(grads[0].data()).containsExactly(grads[1].data());
        assertThat(weightGrads[0]).containsExactly(weightGrads[1]);
        assertThat(outScaleGrads[0]).containsExactly(outScaleGrads[1]);
        assertThat(grads[0].data()).as("a real gradient").isNotEqualTo(new float[grads[0].size()]);
    }

    @Test
    void modifiersActOnlyInTrainingAndClippingFollowsTheStep() {
        InferenceRpuConfig cfg = Presets.COMPOSER_WEB.withForward(IOParameters.PERFECT)
                .withDriftCompensation(DriftCompensation.NONE);
        Linear d = new Linear(30, 10, false, new Rng(16));
        AnalogLinear a = AnalogLinear.of(d.weight().value().toArray(), null, 30, 10, cfg, new Rng(17));
        Tensor x = random(18, 5, 30);
        a.train(true);
        Tensor t1 = a.forward(x).copy();
        Tensor t2 = a.forward(x).copy();
        assertThat(t1.data()).isNotEqualTo(t2.data()); // add-normal 0.1 modifier: fresh noise every forward
        a.train(false);
        Tensor e1 = a.forward(x).copy();
        assertClose(a.forward(x), e1, 0);
        assertClose(e1, d.forward(x), 1e-5);
        // a gradient step pushing weights beyond 1 is clipped at the fixed value before the next use
        a.train(true);
        a.forward(x);
        a.backward(Tensor.zeros(5, 10).fill(1f));
        a.weight().value().data()[0] = 3f;
        a.train(false);
        assertThat(a.weight().value().data()[0]).isEqualTo(1f);
    }

    @Test
    void channelwiseRemappingKeepsTheFunctionAndUsesTheFullRange() {
        InferenceRpuConfig cfg = PERFECT_SPLIT.withTraining(WeightModifierParameters.NONE, WeightClipParameters.NONE,
                new WeightRemapParameters(WeightRemapParameters.Type.CHANNELWISE_SYMMETRIC, 1.0),
                PERFECT_SPLIT.inputRange());
        AnalogLinear a = new AnalogLinear(12, 4, false, cfg, new Rng(19));
        Tensor x = random(20, 3, 12);
        a.train(true);
        a.forward(x);
        a.backward(Tensor.zeros(3, 4).fill(0.5f));
        for (int i = 0; i < 12 * 4; i++) {
            a.weight().value().data()[i] *= 0.5f; // an "update" that shrinks every weight
        }
        a.train(false);
        Tensor before = Tensor.of(a.logicalWeights(), 4, 12);
        float max = 0;
        for (int i = 0; i < 12; i++) {
            max = Math.max(max, Math.abs(a.weight().value().data()[i]));
        }
        assertThat((double) max).isCloseTo(1.0, offset(1e-6));
        assertClose(Tensor.of(a.logicalWeights(), 4, 12), before, 1e-6);
    }

    @Test
    void invalidConfigurationsAreRejectedWithTheFieldNamed() {
        assertThatThrownBy(() -> IOParameters.DEFAULT.toBuilder().inpBound(2).build())
                .hasMessageContaining("forward.inp_bound").hasMessageContaining("2.0");
        assertThatThrownBy(() -> new MappingParameters(true, -1, false, false, false, 512, 512))
                .hasMessageContaining("weight_scaling_omega");
        assertThatThrownBy(() -> Presets.byName("nope")).hasMessageContaining("composer_web");
    }

    /** Central differences of L = Σ r·y for every parameter and the input, at a handful of coordinates. */
    static void gradCheck(Module m, Tensor x) {
        m.train(true);
        m.setNeedsInputGrad(true);
        Tensor y = m.forward(x);
        float[] r = new float[y.size()];
        new Rng(99).fillUniform(r, 0, r.length, -1f, 1f);
        Tensor dx = m.backward(Tensor.of(r, y.shape())).copy();
        compare(m, x, r, x.data(), dx.data(), "input");
        for (Parameter p : m.parameters()) {
            m.forward(x);
            m.backward(Tensor.of(r, y.shape()));
            float[] g = p.grad().toArray();
            if (m instanceof AnalogLayer a && p == a.weight()) {
                // the weight "gradient" is AIHWKit's update signal: the exact gradient divided by the square of the
                // output's mapping scale (its logical step then equals digital SGD); undo that to compare
                int per = g.length / a.outSize();
                for (int i = 0; i < g.length; i++) {
                    float s = a.mappingScales().data()[i / per];
                    g[i] *= s * s;
                }
            }
            compare(m, x, r, p.value().data(), g, p.name());
        }
    }

    private static void compare(Module m, Tensor x, float[] r, float[] values, float[] analytic, String what) {
        Rng pick = new Rng(5);
        double eps = 1e-2;
        for (int s = 0; s < 12; s++) {
            int i = pick.nextInt(analytic.length);
            float orig = values[i];
            values[i] = (float) (orig + eps);
            double up = objective(m, x, r);
            values[i] = (float) (orig - eps);
            double down = objective(m, x, r);
            values[i] = orig;
            double numeric = (up - down) / (2 * eps);
            assertThat((double) analytic[i]).as(m.type() + " d/d" + what + "[" + i + "]")
                    .isCloseTo(numeric, offset(2e-3 * Math.max(1, Math.abs(numeric))));
        }
    }

    private static double objective(Module m, Tensor x, float[] r) {
        Tensor y = m.forward(x);
        double s = 0;
        for (int i = 0; i < y.size(); i++) {
            s += (double) r[i] * y.data()[i];
        }
        return s;
    }
}
