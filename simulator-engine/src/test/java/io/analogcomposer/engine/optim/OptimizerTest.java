package io.analogcomposer.engine.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.analogcomposer.engine.nn.Parameter;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Updates follow the published rules, step by step, computed here by hand in double precision. */
class OptimizerTest {
    private static Parameter param(float w, float g) {
        Parameter p = new Parameter("w", Tensor.of(new float[]{w}, 1));
        p.grad().data()[0] = g;
        return p;
    }

    @Test
    void sgdWithMomentumWeightDecayAndNesterov() {
        double lr = 0.1, mu = 0.9, wd = 0.01;
        Parameter p = param(1f, 0.5f);
        Sgd sgd = new Sgd(List.of(p), lr, mu, 0, wd, true);
        double w = 1, v = 0;
        for (int step = 0; step < 3; step++) {
            double g = 0.5 + wd * w;
            v = step == 0 ? g : mu * v + g;
            w -= lr * (g + mu * v);
            p.grad().data()[0] = 0.5f;
            sgd.step();
            assertThat((double) p.value().data()[0]).isCloseTo(w, offset(1e-6));
        }
    }

    @Test
    void plainSgd() {
        Parameter p = param(2f, 1f);
        new Sgd(List.of(p), 0.5).step();
        assertThat(p.value().data()[0]).isEqualTo(1.5f);
    }

    @Test
    void adamFirstStepMovesByLearningRateTimesSign() {
        Parameter p = param(1f, -3f);
        Adam adam = new Adam(List.of(p), 0.01, 0.9, 0.999, 1e-8, 0);
        adam.step();
        assertThat((double) p.value().data()[0]).isCloseTo(1.01, offset(1e-6));
        double m = 0.1 * -3, vv = 0.001 * 9;
        // second step with the same gradient, by hand
        p.grad().data()[0] = -3f;
        adam.step();
        m = 0.9 * m + 0.1 * -3;
        vv = 0.999 * vv + 0.001 * 9;
        double expected = 1.01 - 0.01 * (m / (1 - 0.81)) / (Math.sqrt(vv / (1 - 0.999 * 0.999)) + 1e-8);
        assertThat((double) p.value().data()[0]).isCloseTo(expected, offset(1e-6));
    }

    @Test
    void schedules() {
        assertThat(LrSchedule.step(2, 0.5).lr(5, 1.0)).isEqualTo(0.25);
        assertThat(LrSchedule.multiStep(new int[]{3, 1}, 0.1).lr(0, 1.0)).isEqualTo(1.0);
        assertThat(LrSchedule.multiStep(new int[]{3, 1}, 0.1).lr(2, 1.0)).isCloseTo(0.1, offset(1e-12));
        assertThat(LrSchedule.multiStep(new int[]{3, 1}, 0.1).lr(3, 1.0)).isCloseTo(0.01, offset(1e-12));
        assertThat(LrSchedule.cosine(10, 0.0).lr(0, 1.0)).isEqualTo(1.0);
        assertThat(LrSchedule.cosine(10, 0.0).lr(5, 1.0)).isCloseTo(0.5, offset(1e-12));
        assertThat(LrSchedule.cosine(10, 0.1).lr(10, 1.0)).isCloseTo(0.1, offset(1e-12));
        assertThatThrownBy(() -> LrSchedule.step(0, 0.5)).hasMessageContaining("step_size >= 1");
        assertThatThrownBy(() -> new Sgd(List.of(), 0.1, 0, 0.1, 0, true)).hasMessageContaining("nesterov");
    }
}
