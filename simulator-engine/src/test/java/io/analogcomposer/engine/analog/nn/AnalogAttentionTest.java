package io.analogcomposer.engine.analog.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.engine.analog.config.InferenceRpuConfig;
import io.analogcomposer.engine.analog.config.Presets;
import io.analogcomposer.engine.nn.EncoderBlock;
import io.analogcomposer.engine.nn.Module;
import io.analogcomposer.engine.nn.MultiheadAttention;
import io.analogcomposer.engine.nn.Parameter;
import io.analogcomposer.engine.nn.TokenLinear;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The analog attention, per-token linear and encoder block: with a perfect IO configuration they are the digital
 * layers (forward, input gradient, weight gradients); with the composer's noisy configuration they are not, and
 * their matrices are programmed and drifted like every analog layer.
 */
class AnalogAttentionTest {

    @Test
    void withAPerfectIoConfigurationTheAnalogAttentionIsTheDigitalOne() {
        MultiheadAttention digital = MultiheadAttention.digital(10, 2, true, new Rng(1));
        // non-zero biases, so the analog bias path is compared too
        for (Parameter p : digital.parameters()) {
            if (p.name().startsWith("bias")) {
                new Rng(p.name().hashCode()).fillUniform(p.value().data(), 0, p.value().size(), -0.2f, 0.2f);
            }
        }
        MultiheadAttention analog = AnalogAttention.convert(digital, AnalogLstmTest.PERFECT, new Rng(2));
        assertThat(analog.type()).isEqualTo("analog_multihead_attention");
        assertThat(AnalogNetworks.analogLayers(analog)).hasSize(4);
        // 10 inputs over tiles of 4 rows: three tiles deep, 10 outputs over tiles of 8 columns: two wide
        assertThat(AnalogNetworks.analogLayers(analog).get(0).tileArray().tileCount()).isEqualTo(3 * 2);
        same(digital, analog, AnalogLayersTest.random(3, 3, 5, 10));
    }

    @Test
    void withAPerfectIoConfigurationTheAnalogEncoderBlockAndTokenLinearAreTheDigitalOnes() {
        EncoderBlock digital = EncoderBlock.digital(8, 2, 12, new Rng(4));
        EncoderBlock analog = AnalogAttention.convert(digital, AnalogLstmTest.PERFECT, new Rng(5));
        assertThat(AnalogNetworks.analogLayers(analog)).hasSize(6);
        same(digital, analog, AnalogLayersTest.random(6, 2, 4, 8));
        TokenLinear lin = TokenLinear.digital(8, 5, true, new Rng(7));
        same(lin, AnalogAttention.convert(lin, AnalogLstmTest.PERFECT, new Rng(8)), AnalogLayersTest.random(9, 2,
                3, 8));
    }

    private static void same(Module digital, Module analog, Tensor x) {
        for (Module m : List.of(digital, analog)) {
            m.train(true);
            m.setNeedsInputGrad(true);
        }
        Tensor yd = digital.forward(x).copy();
        AnalogLayersTest.assertClose(analog.forward(x).copy(), yd, 1e-5);
        Tensor dy = AnalogLayersTest.random(10, yd.shape());
        Tensor dxd = digital.backward(dy).copy();
        AnalogLayersTest.assertClose(analog.backward(dy).copy(), dxd, 1e-4);
        List<Parameter> pa = analog.parameters().stream().filter(p -> !p.name().equals("out_scale")
                && !p.name().equals("input_range")).toList();
        List<Parameter> pd = digital.parameters();
        assertThat(pa).hasSize(pd.size());
        for (int i = 0; i < pd.size(); i++) {
            AnalogLayersTest.assertClose(pa.get(i).grad(), pd.get(i).grad(), 1e-4);
        }
    }

    @Test
    void theComposersNoisyConfigurationChangesTheOutputAndDriftChangesItAgain() {
        InferenceRpuConfig noisy = Presets.COMPOSER_WEB;
        EncoderBlock digital = EncoderBlock.digital(8, 2, 16, new Rng(11));
        EncoderBlock analog = AnalogAttention.convert(digital, noisy, new Rng(12));
        Tensor x = AnalogLayersTest.random(13, 3, 5, 8);
        digital.train(false);
        analog.train(false);
        Tensor yd = digital.forward(x).copy();
        AnalogNetworks.program(analog, new Rng(14));
        Tensor y0 = analog.forward(x).copy();
        AnalogNetworks.drift(analog, 86400, new Rng(15));
        Tensor yDay = analog.forward(x).copy();
        double d0 = distance(y0, yd), dDay = distance(yDay, y0);
        assertThat(d0).as("programmed analog differs from digital").isGreaterThan(1e-4);
        assertThat(dDay).as("a day of drift moves the output").isGreaterThan(1e-4);
        assertThat(d0).isLessThan(1.0);
    }

    private static double distance(Tensor a, Tensor b) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
            s = Math.max(s, Math.abs(a.data()[i] - b.data()[i]));
        }
        return s;
    }
}
