package io.analogcomposer.engine.analog.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.analogcomposer.engine.analog.config.InferenceRpuConfig;
import io.analogcomposer.engine.analog.config.MappingParameters;
import io.analogcomposer.engine.analog.config.Presets;
import io.analogcomposer.engine.analog.config.WeightClipParameters;
import io.analogcomposer.engine.analog.config.WeightModifierParameters;
import io.analogcomposer.engine.analog.config.WeightRemapParameters;
import io.analogcomposer.engine.analog.io.IOParameters;
import io.analogcomposer.engine.nn.Lstm;
import io.analogcomposer.engine.nn.Parameter;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The analog LSTM: with a perfect IO configuration it is the digital LSTM (forward, input gradient and parameter
 * gradients, the latter checked against finite differences in LstmTest); with the composer's noisy configuration
 * it is not, and its matrices are programmed and drifted like every analog layer.
 */
class AnalogLstmTest {

    /** Exact MVMs, weights split over 3×4 tiles, no weight scaling: the update signal is the exact gradient. */
    static final InferenceRpuConfig PERFECT = Presets.COMPOSER_WEB.withForward(IOParameters.PERFECT)
            .withMapping(new MappingParameters(true, 0.0, false, false, false, 4, 8, false))
            .withTraining(WeightModifierParameters.NONE, WeightClipParameters.NONE, WeightRemapParameters.NONE,
                    io.analogcomposer.engine.analog.config.InputRangeParameters.DISABLED);

    @Test
    void withAPerfectIoConfigurationTheAnalogLstmIsTheDigitalOne() {
        for (boolean sequence : new boolean[]{false, true}) {
            Lstm digital = Lstm.digital(10, 6, true, sequence, new Rng(1));
            Lstm analog = AnalogRecurrent.convert(digital, PERFECT, new Rng(2));
            assertThat(AnalogNetworks.analogLayers(analog)).hasSize(2);
            assertThat(AnalogNetworks.analogLayers(analog).get(0).tileArray().tileCount()).isEqualTo(3 * 3);
            Tensor x = AnalogLayersTest.random(3, 4, 7, 10);
            for (Lstm m : List.of(digital, analog)) {
                m.train(true);
                m.setNeedsInputGrad(true);
            }
            Tensor yd = digital.forward(x).copy();
            Tensor ya = analog.forward(x).copy();
            AnalogLayersTest.assertClose(ya, yd, 1e-5);
            Tensor dy = AnalogLayersTest.random(4, yd.shape());
            Tensor dxd = digital.backward(dy).copy();
            Tensor dxa = analog.backward(dy).copy();
            AnalogLayersTest.assertClose(dxa, dxd, 1e-5);
            List<Parameter> pd = digital.parameters(), pa = analog.parameters();
            assertThat(pa).hasSize(pd.size());
            for (int i = 0; i < pd.size(); i++) {
                AnalogLayersTest.assertClose(pa.get(i).grad(), pd.get(i).grad(), 1e-4);
            }
        }
    }

    @Test
    void withAPerfectIoConfigurationTheAnalogGruAndRnnAreTheDigitalOnes() {
        for (io.analogcomposer.engine.nn.Recurrent.Cell cell : io.analogcomposer.engine.nn.Recurrent.Cell.values()) {
            io.analogcomposer.engine.nn.Recurrent digital = io.analogcomposer.engine.nn.Recurrent.digital(cell, 10, 6,
                    true, true, new Rng(11));
            io.analogcomposer.engine.nn.Recurrent analog = AnalogRecurrent.convert(digital, PERFECT, new Rng(12));
            assertThat(analog.type()).isEqualTo("analog_" + cell.name().toLowerCase());
            assertThat(AnalogNetworks.analogLayers(analog)).hasSize(2);
            Tensor x = AnalogLayersTest.random(13, 3, 5, 10);
            for (io.analogcomposer.engine.nn.Module m : List.of(digital, analog)) {
                m.train(true);
                m.setNeedsInputGrad(true);
            }
            Tensor yd = digital.forward(x).copy();
            AnalogLayersTest.assertClose(analog.forward(x).copy(), yd, 1e-5);
            Tensor dy = AnalogLayersTest.random(14, yd.shape());
            Tensor dxd = digital.backward(dy).copy();
            AnalogLayersTest.assertClose(analog.backward(dy).copy(), dxd, 1e-5);
            for (int i = 0; i < digital.parameters().size(); i++) {
                AnalogLayersTest.assertClose(analog.parameters().get(i).grad(), digital.parameters().get(i).grad(),
                        1e-4);
            }
        }
    }

    @Test
    void withAPerfectIoConfigurationTheAnalogBidirectionalLstmIsTheDigitalOne() {
        Lstm f = Lstm.digital(6, 4, true, true, new Rng(21)), b = Lstm.digital(6, 4, true, true, new Rng(22));
        io.analogcomposer.engine.nn.Bidirectional digital = new io.analogcomposer.engine.nn.Bidirectional("lstm", f,
                b, 4, true);
        io.analogcomposer.engine.nn.Bidirectional analog = new io.analogcomposer.engine.nn.Bidirectional(
                "analog_lstm", AnalogRecurrent.convert(f, PERFECT, new Rng(23)), AnalogRecurrent.convert(b, PERFECT,
                        new Rng(24)),
                4, true);
        assertThat(AnalogNetworks.analogLayers(analog)).hasSize(4);
        Tensor x = AnalogLayersTest.random(25, 2, 5, 6);
        for (io.analogcomposer.engine.nn.Module m : List.of(digital, analog)) {
            m.train(true);
            m.setNeedsInputGrad(true);
        }
        Tensor yd = digital.forward(x).copy();
        AnalogLayersTest.assertClose(analog.forward(x).copy(), yd, 1e-5);
        Tensor dy = AnalogLayersTest.random(26, yd.shape());
        Tensor dxd = digital.backward(dy).copy();
        AnalogLayersTest.assertClose(analog.backward(dy).copy(), dxd, 1e-5);
    }

    @Test
    void theComposersNoisyConfigurationChangesTheOutputAndDriftChangesItAgain() {
        InferenceRpuConfig noisy = Presets.COMPOSER_WEB;
        Lstm digital = Lstm.digital(8, 5, true, false, new Rng(5));
        Lstm analog = AnalogRecurrent.convert(digital, noisy, new Rng(6));
        Tensor x = AnalogLayersTest.random(7, 3, 6, 8);
        digital.train(false);
        analog.train(false);
        Tensor yd = digital.forward(x).copy();
        AnalogNetworks.program(analog, new Rng(8));
        Tensor y0 = analog.forward(x).copy();
        AnalogNetworks.drift(analog, 86400, new Rng(9));
        Tensor yDay = analog.forward(x).copy();
        double d0 = distance(y0, yd), dDay = distance(yDay, y0);
        assertThat(d0).as("programmed analog differs from digital").isGreaterThan(1e-4);
        assertThat(dDay).as("a day of drift moves the output").isGreaterThan(1e-4);
        // but it is still the same function, roughly: the noise is small against the signal
        assertThat(d0).isLessThan(0.5);
    }

    private static double distance(Tensor a, Tensor b) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
            s = Math.max(s, Math.abs(a.data()[i] - b.data()[i]));
        }
        return s;
    }
}
