package io.analogcomposer.engine.analog.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.analogcomposer.engine.analog.device.DeviceModel;
import io.analogcomposer.engine.analog.device.PulsedDeviceParameters;
import io.analogcomposer.engine.analog.io.IOParameters;
import io.analogcomposer.engine.nn.Conv2d;
import io.analogcomposer.engine.nn.Sequential;
import io.analogcomposer.engine.optim.Sgd;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With exact MVMs and an ideal device, the in-memory convolution is the digital one: the same output and input
 * gradient, and AnalogSgd's update over all output positions equals SGD's step with the digital weight gradient.
 */
class PulsedAnalogConvTest {

    @Test
    void anIdealCrossbarConvolvesAndLearnsLikeTheDigitalConvolution() {
        TrainingRpuConfig exact = new SingleRpuConfig(IOParameters.PERFECT, IOParameters.PERFECT,
                UpdateParameters.DEFAULT, PulsedDeviceParameters.builder(DeviceModel.IDEAL).build());
        PulsedAnalogConv analog = new PulsedAnalogConv(2, 3, 3, 2, 1, 2, 1, 0, 1, 1, true, exact, 0, 0, new Rng(1));
        Conv2d digital = new Conv2d(2, 3, 3, 2, 1, 2, 1, 0, 1, 1, true, new Rng(2));
        // the same weights: the crossbar's rows are the flattened [C, kh, kw] kernels
        analog.crossbar().setWeights(digital.weight().value().data().clone());
        System.arraycopy(digital.bias().value().data(), 0, analog.crossbar().bias().value().data(), 0, 3);

        Tensor x = Tensor.zeros(2, 2, 5, 6);
        new Rng(3).fillUniform(x.data(), 0, x.size(), -1f, 1f);
        float[] yd = digital.forward(x).data().clone();
        Tensor ya = analog.forward(x);
        assertThat(ya.shape()).containsExactly(2, 3, 5, 3);
        assertThat(ya.data()).containsExactly(yd, within(1e-5f));

        Tensor dy = Tensor.zeros(2, 3, 5, 3);
        new Rng(4).fillUniform(dy.data(), 0, dy.size(), -1f, 1f);
        float[] gd = digital.backward(dy).data().clone();
        assertThat(analog.backward(dy).data()).containsExactly(gd, within(1e-5f));

        new Sgd(digital.parameters(), 0.1).step();
        new AnalogSgd(new Sequential(List.of(analog)), 0.1).step();
        assertThat(analog.crossbar().weightMatrix()).containsExactly(digital.weight().value().data(), within(1e-5f));
        assertThat(analog.crossbar().bias().value().data()).containsExactly(digital.bias().value().data(),
                within(1e-5f));
    }

    @Test
    void aOneDimensionalConvolutionIsAHeightOneImage() {
        TrainingRpuConfig cfg = SingleRpuConfig.preset("Idealized");
        PulsedAnalogConv conv = PulsedAnalogConv.oneD(2, 4, 3, 1, 1, 1, true, cfg, 512, 512, new Rng(5));
        assertThat(conv.outputShape(new int[]{2, 10})).containsExactly(4, 10);
        Tensor x = Tensor.zeros(3, 2, 10);
        new Rng(6).fillUniform(x.data(), 0, x.size(), -1f, 1f);
        Tensor y = conv.forward(x);
        assertThat(y.shape()).containsExactly(3, 4, 10);
        Tensor dy = Tensor.zeros(3, 4, 10);
        new Rng(7).fillUniform(dy.data(), 0, dy.size(), -1f, 1f);
        assertThat(conv.backward(dy).shape()).containsExactly(3, 2, 10);
        new AnalogSgd(new Sequential(List.of(conv)), 0.1).step();
        assertThat(conv.crossbar().pulseCount()).as("every position pulses the kernel's devices").isGreaterThan(0);
    }
}
