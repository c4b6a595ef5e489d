package io.analogcomposer.engine.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every layer's backward pass agrees with central finite differences. */
class GradientTest {
    static final double EPS = 1e-2, TOL = 2e-2;

    @Test
    void linear() {
        GradCheck.check(new Linear(7, 5, true, new Rng(1)), GradCheck.randomInput(2, 3, 7), EPS, TOL, 40);
    }

    @Test
    void conv2dWithStridePaddingDilation() {
        Conv2d c = new Conv2d(2, 3, 3, 2, 1, 2, true, new Rng(3));
        GradCheck.check(c, GradCheck.randomInput(4, 2, 2, 7, 8), EPS, TOL, 40);
    }

    @Test
    void conv2dRectangularKernel() {
        Conv2d c = new Conv2d(2, 2, 2, 3, 1, 2, 1, 0, 1, 1, false, new Rng(5));
        GradCheck.check(c, GradCheck.randomInput(6, 2, 2, 5, 6), EPS, TOL, 40);
    }

    @Test
    void conv1d() {
        GradCheck.check(new Conv1d(3, 4, 3, 2, 1, 1, true, new Rng(7)), GradCheck.randomInput(8, 2, 3, 9), EPS, TOL,
                40);
    }

    @Test
    void convTranspose2d() {
        ConvTranspose2d c = new ConvTranspose2d(3, 2, 3, 2, 1, 1, 1, true, new Rng(9));
        GradCheck.check(c, GradCheck.randomInput(10, 2, 3, 4, 3), EPS, TOL, 40);
        assertThat(c.outputShape(new int[]{3, 4, 3})).containsExactly(2, 8, 6);
    }

    @Test
    void convTranspose2dWithDilation() {
        ConvTranspose2d c = new ConvTranspose2d(2, 3, 2, 1, 0, 0, 2, false, new Rng(22));
        assertThat(c.outputShape(new int[]{2, 3, 3})).containsExactly(3, 5, 5); // (3-1) + 2*(2-1) + 1
        GradCheck.check(c, GradCheck.randomInput(23, 2, 2, 3, 3), EPS, TOL, 40);
    }

    @Test
    void maxPoolOnDistinctValues() {
        Tensor x = Tensor.zeros(2, 2, 6, 6);
        int[] perm = new int[x.size()];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        new Rng(11).shuffle(perm);
        for (int i = 0; i < perm.length; i++) {
            x.data()[i] = perm[i] * 0.1f; // values 0.1 apart: a 1e-2 nudge never changes the argmax
        }
        GradCheck.check(new Pool2d(Pool2d.Kind.MAX, 2, 2, 0), x, EPS, TOL, 72);
        GradCheck.check(new Pool2d(Pool2d.Kind.MAX, 3, 2, 1), x, EPS, TOL, 72);
    }

    @Test
    void maxPoolWithDilationAndCeilModeMatchesPyTorchSizes() {
        Pool2d p = new Pool2d(Pool2d.Kind.MAX, 2, 2, 0, 1, true);
        // PyTorch: MaxPool2d(2, ceil_mode=True) on 5x5 gives 3x3; floor mode gives 2x2
        assertThat(p.outputShape(new int[]{1, 5, 5})).containsExactly(1, 3, 3);
        assertThat(new Pool2d(Pool2d.Kind.MAX, 2, 2, 0).outputShape(new int[]{1, 5, 5})).containsExactly(1, 2, 2);
        // MaxPool2d(3, stride=2, padding=1, dilation=2) on 9x9: floor((9 + 2 - 4 - 1) / 2) + 1 = 4
        Pool2d d = new Pool2d(Pool2d.Kind.MAX, 3, 2, 1, 2, false);
        assertThat(d.outputShape(new int[]{1, 9, 9})).containsExactly(1, 4, 4);
        Tensor x = Tensor.zeros(1, 2, 9, 9);
        int[] perm = new int[x.size()];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        new Rng(12).shuffle(perm);
        for (int i = 0; i < perm.length; i++) {
            x.data()[i] = perm[i] * 0.1f;
        }
        GradCheck.check(d, x, EPS, TOL, 80);
        GradCheck.check(new Pool2d(Pool2d.Kind.MAX, 2, 2, 0, 1, true), x, EPS, TOL, 80);
    }

    @Test
    void avgPoolCeilModeDividesByTheClippedWindow() {
        Pool2d p = new Pool2d(Pool2d.Kind.AVG, 2, 2, 0, 1, true);
        Tensor x = Tensor.zeros(1, 1, 3, 3).fill(1f);
        Tensor y = p.forward(x);
        assertThat(y.shape()).containsExactly(1, 1, 2, 2);
        assertThat(y.toArray()).containsOnly(1f); // PyTorch divides overhanging windows by their clipped size
        GradCheck.check(p, GradCheck.randomInput(3, 1, 2, 5, 5), EPS, TOL, 50);
    }

    @Test
    void batchNormWithoutAffineHasNoParameters() {
        BatchNorm bn = new BatchNorm(3, true, 1e-5, 0.1, false);
        assertThat(bn.parameters()).isEmpty();
        assertThat(bn.state()).containsOnlyKeys("running_mean", "running_var");
        GradCheck.check(bn, GradCheck.randomInput(4, 2, 3, 2, 2), EPS, 3e-2, 24);
    }

    @Test
    void avgPoolWithPadding() {
        GradCheck.check(new Pool2d(Pool2d.Kind.AVG, 3, 2, 1), GradCheck.randomInput(12, 2, 2, 5, 5), EPS, TOL, 50);
    }

    @Test
    void batchNorm1dAnd2dInTraining() {
        GradCheck.check(new BatchNorm(4, false, 1e-5, 0.1), GradCheck.randomInput(13, 5, 4), EPS, 3e-2, 20);
        GradCheck.check(new BatchNorm(3, true, 1e-5, 0.1), GradCheck.randomInput(14, 2, 3, 3, 3), EPS, 3e-2, 40);
    }

    @ParameterizedTest
    @EnumSource(Activation.Kind.class)
    void activations(Activation.Kind kind) {
        GradCheck.check(new Activation(kind, 0.1), GradCheck.randomInput(15, 3, 6), 1e-3, TOL, 18);
    }

    @Test
    void softmaxOverChannelsOfAnImage() {
        GradCheck.check(new Activation(Activation.Kind.LOG_SOFTMAX), GradCheck.randomInput(16, 2, 3, 2, 2), 1e-3, TOL,
                24);
    }

    @Test
    void sequentialLeNetLike() {
        Rng r = new Rng(17);
        Sequential net = new Sequential(List.of(new Conv2d(1, 2, 3, 1, 0, 1, true, r), new Activation(
                Activation.Kind.TANH), new Pool2d(Pool2d.Kind.MAX, 2, 2, 0), new Flatten(), new Linear(8, 3, true, r),
                new Activation(Activation.Kind.LOG_SOFTMAX)));
        // a small step: with max pooling inside, a 1e-2 nudge of a weight can switch a window's argmax
        GradCheck.check(net, GradCheck.randomInput(18, 2, 1, 6, 6), 1e-3, 3e-2, 30);
    }

    @Test
    void lossesMatchFiniteDifferences() {
        Tensor x = GradCheck.randomInput(19, 4, 3);
        Tensor classes = Tensor.of(new float[]{0, 2, 1, 2}, 4);
        checkLoss(Loss.byName("cross_entropy"), x, classes);
        Tensor logp = new Activation(Activation.Kind.LOG_SOFTMAX).forward(x).copy();
        checkLoss(Loss.byName("nll"), logp, classes);
        Tensor t = GradCheck.randomInput(20, 4, 3);
        checkLoss(Loss.byName("mse"), x, t);
        Tensor p = new Activation(Activation.Kind.SIGMOID).forward(x).copy();
        Tensor bt = Tensor.of(new float[]{0, 1, 1, 0, 1, 0, 0, 0, 1, 1, 1, 0}, 4, 3);
        checkLoss(Loss.byName("bce"), p, bt);
    }

    private static void checkLoss(Loss loss, Tensor x, Tensor target) {
        loss.forward(x, target);
        float[] g = loss.backward().toArray();
        for (int i = 0; i < x.size(); i++) {
            float orig = x.data()[i];
            double eps = 1e-3;
            x.data()[i] = (float) (orig + eps);
            double up = loss.forward(x, target);
            x.data()[i] = (float) (orig - eps);
            double down = loss.forward(x, target);
            x.data()[i] = orig;
            double numeric = (up - down) / (2 * eps);
            assertThat(Math.abs(numeric - g[i])).as("%s grad[%d] %s vs %s", loss.type(), i, g[i], numeric)
                    .isLessThan(2e-2 * Math.max(1, Math.abs(numeric)));
        }
    }

    @Test
    void nllKnownValue() {
        Tensor logp = Tensor.of(new float[]{(float) Math.log(0.5), (float) Math.log(0.25), (float) Math.log(0.25)},
                1, 3);
        assertThat(Loss.byName("nll").forward(logp, Tensor.of(new float[]{1}, 1)))
                .isCloseTo((float) Math.log(4), org.assertj.core.data.Offset.offset(1e-6f));
    }

    @Test
    void badTargetsAndShapesAreNamed() {
        assertThatThrownBy(() -> Loss.byName("nll").forward(Tensor.zeros(2, 3), Tensor.of(new float[]{0, 3}, 2)))
                .hasMessageContaining("target class 3.0 at batch index 1 is not in [0, 3)");
        assertThatThrownBy(() -> new Linear(4, 2, true, new Rng(1)).forward(Tensor.zeros(3, 5)))
                .hasMessageContaining("expects [batch, 4], got [3, 5]");
        assertThatThrownBy(() -> Loss.byName("hinge")).hasMessageContaining("unknown loss 'hinge'");
    }

    @Test
    void dropoutZeroesAboutPAndScalesTheRest() {
        Dropout d = new Dropout(0.25, new Rng(21));
        Tensor x = Tensor.zeros(100, 100).fill(1f);
        Tensor y = d.forward(x);
        int zeros = 0;
        for (int i = 0; i < y.size(); i++) {
            float v = y.data()[i];
            assertThat(v == 0f || Math.abs(v - 1f / 0.75f) < 1e-6).isTrue();
            zeros += v == 0f ? 1 : 0;
        }
        assertThat(zeros / 10000.0).isBetween(0.23, 0.27);
        Tensor g = d.backward(Tensor.zeros(100, 100).fill(2f));
        for (int i = 0; i < y.size(); i++) {
            assertThat(g.data()[i]).isEqualTo(2f * y.data()[i]);
        }
        d.train(false);
        assertThat(d.forward(x).toArray()).containsOnly(1f);
    }
}
