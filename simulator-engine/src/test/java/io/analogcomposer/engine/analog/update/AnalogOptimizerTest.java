package io.analogcomposer.engine.analog.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.analogcomposer.engine.experiment.OptimizerSpec;
import io.analogcomposer.engine.nn.Sequential;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With any optimizer type, in-memory layers pulse the plain gradient and the digital parameters take its steps. */
class AnalogOptimizerTest {

    @Test
    void adamStepsTheDigitalBiasWhileTheDevicesTakeThePulsedGradient() {
        PulsedAnalogLinear layer = new PulsedAnalogLinear(4, 3, true, SingleRpuConfig.preset("Idealized"),
                new Rng(1));
        Sequential model = new Sequential(List.of(layer));
        var opt = OptimizerSpec.adam(0.01).create(model);
        assertThat(opt).isInstanceOf(AnalogSgd.class);

        Tensor x = Tensor.zeros(2, 4);
        new Rng(2).fillUniform(x.data(), 0, x.size(), 0.2f, 1f);
        model.forward(x);
        Tensor dy = Tensor.wrap(new float[]{0.3f, -0.2f, 0.1f, 0.3f, -0.2f, 0.1f}, 2, 3);
        model.backward(dy);
        float[] bias = layer.bias().value().data().clone();
        opt.step();

        // Adam's first step moves each parameter by lr · g / (|g| + eps) = ±lr, whatever |g|
        float[] after = layer.bias().value().data();
        float[] sign = {-1f, 1f, -1f};
        for (int i = 0; i < 3; i++) {
            assertThat(after[i] - bias[i]).isCloseTo(sign[i] * 0.01f, within(1e-6f));
        }
        assertThat(layer.pulseCount()).as("the devices were pulsed").isGreaterThan(0);
    }
}
