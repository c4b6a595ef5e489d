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
    /**
     * Two convolutions split over several tiles each (4 and 3 input chunks, 2 and 1 output chunks), trained over
     * batches of 3, 3 and 2: the tiles write their slices of the output and input gradient in place, the patch rows
     * and dy are reused across batches and read in place by the update, and the layers share one row scratch array.
     * With exact MVMs and ideal devices every batch must still match the digital network.
     */
    @Test
    void aTiledConvolutionStackLearnsLikeTheDigitalOneBatchAfterBatch() {
        TrainingRpuConfig exact = new SingleRpuConfig(IOParameters.PERFECT, IOParameters.PERFECT,
                UpdateParameters.DEFAULT, PulsedDeviceParameters.builder(DeviceModel.IDEAL).build());
        PulsedAnalogConv a1 = new PulsedAnalogConv(2, 3, 3, 3, 1, 1, 1, 1, 1, 1, true, exact, 5, 2, new Rng(11));
        PulsedAnalogConv a2 = new PulsedAnalogConv(3, 2, 2, 2, 1, 1, 0, 0, 1, 1, true, exact, 5, 2, new Rng(12));
        Conv2d d1 = new Conv2d(2, 3, 3, 3, 1, 1, 1, 1, 1, 1, true, new Rng(13));
        Conv2d d2 = new Conv2d(3, 2, 2, 2, 1, 1, 0, 0, 1, 1, true, new Rng(14));
        for (var pair : List.of(List.of(a1, d1), List.of(a2, d2))) {
            PulsedAnalogConv a = (PulsedAnalogConv) pair.get(0);
            Conv2d d = (Conv2d) pair.get(1);
            a.crossbar().setWeights(d.weight().value().data().clone());
            System.arraycopy(d.bias().value().data(), 0, a.crossbar().bias().value().data(), 0,
                    d.bias().value().size());
        }
        Sequential analog = new Sequential(List.of(a1, a2)), digital = new Sequential(List.of(d1, d2));
        AnalogSgd analogSgd = new AnalogSgd(analog, 0.1);
        analog.setNeedsInputGrad(true); // both layers scatter row gradients through the shared scratch
        digital.setNeedsInputGrad(true);
        Sgd sgd = new Sgd(digital.parameters(), 0.1);
        int[] batches = {3, 3, 2};
        for (int step = 0; step < batches.length; step++) {
            int b = batches[step];
            Tensor x = Tensor.zeros(b, 2, 7, 6);
            new Rng(20 + step).fillUniform(x.data(), 0, x.size(), -1f, 1f);
            float[] yd = digital.forward(x).data().clone();
            Tensor ya = analog.forward(x);
            assertThat(ya.shape()).containsExactly(b, 2, 6, 5);
            assertThat(java.util.Arrays.copyOf(ya.data(), ya.size())).as("output, batch %d", step)
                    .containsExactly(java.util.Arrays.copyOf(yd, ya.size()), within(1e-5f));
            Tensor dy = Tensor.zeros(b, 2, 6, 5);
            new Rng(30 + step).fillUniform(dy.data(), 0, dy.size(), -1f, 1f);
            Tensor gd = digital.backward(dy), ga = analog.backward(dy);
            assertThat(java.util.Arrays.copyOf(ga.data(), ga.size())).as("input gradient, batch %d", step)
                    .containsExactly(java.util.Arrays.copyOf(gd.data(), gd.size()), within(1e-5f));
            sgd.step();
            analogSgd.step();
            assertThat(a1.crossbar().weightMatrix()).as("first kernel after batch %d", step)
                    .containsExactly(d1.weight().value().data(), within(1e-5f));
            assertThat(a2.crossbar().weightMatrix()).as("second kernel after batch %d", step)
                    .containsExactly(d2.weight().value().data(), within(1e-5f));
        }
    }
}
