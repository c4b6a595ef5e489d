package io.analogcomposer.engine.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The digital LSTM: gradients against central finite differences, and one step against the equations by hand. */
class LstmTest {

    @Test
    void gradientsOfTheLastHiddenStateMatchFiniteDifferences() {
        Lstm lstm = Lstm.digital(5, 4, true, false, new Rng(1));
        GradCheck.check(lstm, GradCheck.randomInput(2, 3, 6, 5), 1e-2, 2e-2, 40);
    }

    @Test
    void gradientsOfTheWholeSequenceMatchFiniteDifferences() {
        Lstm lstm = Lstm.digital(3, 6, true, true, new Rng(3));
        GradCheck.check(lstm, GradCheck.randomInput(4, 2, 5, 3), 1e-2, 2e-2, 40);
        Lstm noBias = Lstm.digital(3, 2, false, true, new Rng(5));
        assertThat(noBias.parameters()).extracting(Parameter::name).containsExactly("weight_ih", "weight_hh");
        GradCheck.check(noBias, GradCheck.randomInput(6, 3, 4, 3), 1e-2, 2e-2, 40);
    }

    /** One step from a zero state: c = i·g, h = o·tanh(c), with PyTorch's gate order i, f, g, o. */
    @Test
    void oneStepFollowsTheLstmEquations() {
        Lstm lstm = Lstm.digital(2, 1, true, false, new Rng(7));
        DenseStepMatrix ih = (DenseStepMatrix) lstm.inputWeights();
        DenseStepMatrix hh = (DenseStepMatrix) lstm.hiddenWeights();
        float[] w = ih.weight().value().data(), b = ih.bias().value().data(), bh = hh.bias().value().data();
        float x0 = 0.3f, x1 = -0.8f;
        double[] gate = new double[4];
        for (int k = 0; k < 4; k++) {
            gate[k] = w[2 * k] * x0 + w[2 * k + 1] * x1 + b[k] + bh[k];
        }
        double c = sigmoid(gate[0]) * Math.tanh(gate[2]);
        double h = sigmoid(gate[3]) * Math.tanh(c);
        Tensor y = lstm.forward(Tensor.of(new float[]{x0, x1}, 1, 1, 2));
        assertThat((double) y.data()[0]).isCloseTo(h, offset(1e-6));
        assertThat(lstm.outputShape(new int[]{28, 2})).containsExactly(1);
        assertThatThrownBy(() -> lstm.outputShape(new int[]{28})).hasMessageContaining("[steps, 2]");
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }
}
