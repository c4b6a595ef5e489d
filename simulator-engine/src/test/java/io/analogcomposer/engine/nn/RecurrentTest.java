package io.analogcomposer.engine.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The digital GRU and RNN: gradients against central finite differences, one step against the equations. */
class RecurrentTest {

    @Test
    void gruGradientsMatchFiniteDifferences() {
        GradCheck.check(Recurrent.digital(Recurrent.Cell.GRU, 5, 4, true, false, new Rng(1)),
                GradCheck.randomInput(2, 3, 6, 5), 1e-2, 2e-2, 40);
        GradCheck.check(Recurrent.digital(Recurrent.Cell.GRU, 3, 5, true, true, new Rng(3)),
                GradCheck.randomInput(4, 2, 5, 3), 1e-2, 2e-2, 40);
    }

    @Test
    void rnnGradientsMatchFiniteDifferences() {
        GradCheck.check(Recurrent.digital(Recurrent.Cell.RNN, 5, 4, true, false, new Rng(5)),
                GradCheck.randomInput(6, 3, 6, 5), 1e-2, 2e-2, 40);
        GradCheck.check(Recurrent.digital(Recurrent.Cell.RNN, 3, 2, false, true, new Rng(7)),
                GradCheck.randomInput(8, 2, 4, 3), 1e-2, 2e-2, 40);
    }

    /** Two GRU steps of one unit by hand, with PyTorch's gate order r, z, n. */
    @Test
    void twoGruStepsFollowTheEquations() {
        Recurrent gru = Recurrent.digital(Recurrent.Cell.GRU, 1, 1, true, false, new Rng(9));
        DenseStepMatrix ih = (DenseStepMatrix) gru.inputWeights(), hh = (DenseStepMatrix) gru.hiddenWeights();
        float[] wi = ih.weight().value().data(), bi = ih.bias().value().data();
        float[] wh = hh.weight().value().data(), bhv = hh.bias().value().data();
        double h = 0;
        for (double x : new double[]{0.5, -0.7}) {
            double r = sigmoid(wi[0] * x + bi[0] + wh[0] * h + bhv[0]);
            double z = sigmoid(wi[1] * x + bi[1] + wh[1] * h + bhv[1]);
            double n = Math.tanh(wi[2] * x + bi[2] + r * (wh[2] * h + bhv[2]));
            h = (1 - z) * n + z * h;
        }
        Tensor y = gru.forward(Tensor.of(new float[]{0.5f, -0.7f}, 1, 2, 1));
        assertThat((double) y.data()[0]).isCloseTo(h, offset(1e-6));
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }
}
