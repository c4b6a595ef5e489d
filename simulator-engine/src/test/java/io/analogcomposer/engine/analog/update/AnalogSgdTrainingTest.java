package io.analogcomposer.engine.analog.update;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.within;

import io.analogcomposer.engine.analog.device.DeviceModel;
import io.analogcomposer.engine.analog.device.DevicePresets;
import io.analogcomposer.engine.analog.device.PulsedDeviceParameters;
import io.analogcomposer.engine.analog.io.IOParameters;
import io.analogcomposer.engine.nn.Activation;
import io.analogcomposer.engine.nn.Loss;
import io.analogcomposer.engine.nn.Module;
import io.analogcomposer.engine.nn.Sequential;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A small network learns with pulsed in-memory SGD (analog forward, backward and update). */
class AnalogSgdTrainingTest {
    private static final int DIM = 20, CLASSES = 4, N = 600, BATCH = 10;

    private static float[][] data(long seed) {
        Rng r = new Rng(seed);
        float[] means = new float[CLASSES * DIM];
        for (int i = 0; i < means.length; i++) {
            means[i] = r.nextDouble() < 0.5 ? -0.5f : 0.5f;
        }
        float[] x = new float[N * DIM], y = new float[N];
        for (int n = 0; n < N; n++) {
            int c = n % CLASSES;
            y[n] = c;
            for (int k = 0; k < DIM; k++) {
                x[n * DIM + k] = means[c * DIM + k] + (float) (0.4 * r.nextGaussian());
            }
        }
        return new float[][]{x, y};
    }

    private static double accuracy(Module net, float[] x, float[] y) {
        net.train(false);
        Tensor out = net.forward(Tensor.wrap(x, N, DIM));
        int correct = 0;
        for (int n = 0; n < N; n++) {
            int best = 0;
            for (int c = 1; c < CLASSES; c++) {
                if (out.data()[n * CLASSES + c] > out.data()[n * CLASSES + best]) {
                    best = c;
                }
            }
            correct += best == (int) y[n] ? 1 : 0;
        }
        net.train(true);
        return (double) correct / N;
    }

    @Test
    void networkTrainsWithPulsedUpdates() {
        float[][] d = data(5);
        Rng rng = new Rng(77);
        SingleRpuConfig cfg = SingleRpuConfig.preset("GokmenVlasov");
        Sequential net = new Sequential(List.of(new PulsedAnalogLinear(DIM, 32, true, cfg, rng.split(1)),
                new Activation(Activation.Kind.RELU), new PulsedAnalogLinear(32, CLASSES, true, cfg, rng.split(2))));
        AnalogSgd opt = new AnalogSgd(net, 0.1);
        assertThat(opt.analogLayers()).hasSize(2);
        Loss loss = Loss.byName("cross_entropy");
        double before = accuracy(net, d[0], d[1]);
        float[] xb = new float[BATCH * DIM], yb = new float[BATCH];
        long pulsesBefore = opt.analogLayers().get(0).pulseCount();
        float[] w0 = opt.analogLayers().get(0).weightMatrix();
        for (int epoch = 0; epoch < 3; epoch++) {
            for (int b = 0; b < N / BATCH; b++) {
                System.arraycopy(d[0], b * BATCH * DIM, xb, 0, BATCH * DIM);
                System.arraycopy(d[1], b * BATCH, yb, 0, BATCH);
                Tensor out = net.forward(Tensor.wrap(xb, BATCH, DIM));
                loss.forward(out, Tensor.wrap(yb, BATCH));
                net.backward(loss.backward());
                opt.step();
            }
        }
        double after = accuracy(net, d[0], d[1]);
        assertThat(opt.analogLayers().get(0).pulseCount()).isGreaterThan(pulsesBefore);
        assertThat(opt.analogLayers().get(0).weightMatrix()).isNotEqualTo(w0);
        // chance is 0.25; the blobs are separable, so in-memory SGD must get most of them right
        assertThat(before).isLessThan(0.6);
        assertThat(after).isGreaterThan(0.9);
    }

    @Test
    void largeLayersSplitIntoTilesLikeAihwkit() {
        assertThat(PulsedAnalogLinear.splits(784, 512)).containsExactly(392, 392);
        assertThat(PulsedAnalogLinear.splits(10, 4)).containsExactly(4, 3, 3);
        SingleRpuConfig exact = new SingleRpuConfig(IOParameters.PERFECT, IOParameters.PERFECT,
                UpdateParameters.DEFAULT, PulsedDeviceParameters.builder(DeviceModel.IDEAL).build());
        int in = 10, out = 7, b = 3;
        PulsedAnalogLinear l = new PulsedAnalogLinear(in, out, false, exact, 4, 3, new Rng(9));
        assertThat(l.tiles()).hasSize(3 * 3);
        float[] w = l.weightMatrix(), x = new float[b * in], dy = new float[b * out];
        Rng r = new Rng(10);
        r.fillUniform(x, 0, x.length, -1, 1);
        r.fillUniform(dy, 0, dy.length, -1, 1);
        float[] y = l.forward(Tensor.wrap(x, b, in)).data().clone();
        float[] dx = l.backward(Tensor.wrap(dy, b, out)).data().clone();
        l.applyUpdate(0.1);
        float[] w1 = l.weightMatrix();
        for (int s = 0; s < b; s++) {
            for (int i = 0; i < out; i++) {
                double e = 0;
                for (int j = 0; j < in; j++) {
                    e += w[i * in + j] * x[s * in + j];
                }
                assertThat((double) y[s * out + i]).isCloseTo(e, within(1e-5));
            }
            for (int j = 0; j < in; j++) {
                double e = 0;
                for (int i = 0; i < out; i++) {
                    e += w[i * in + j] * dy[s * out + i];
                }
                assertThat((double) dx[s * in + j]).isCloseTo(e, within(1e-5));
            }
        }
        for (int i = 0; i < out; i++) {
            for (int j = 0; j < in; j++) {
                double e = w[i * in + j];
                for (int s = 0; s < b; s++) {
                    e -= 0.1 * dy[s * out + i] * x[s * in + j];
                }
                assertThat((double) w1[i * in + j]).isCloseTo(e, within(1e-5));
            }
        }
    }

    @Test
    void presetsBuildWorkingLayers() {
        for (String name : DevicePresets.names()) {
            PulsedAnalogLinear l = new PulsedAnalogLinear(8, 4, true, SingleRpuConfig.preset(name), new Rng(3));
            Tensor y = l.forward(Tensor.zeros(2, 8).fill(0.5f));
            for (float v : y.data()) {
                assertThat(Float.isFinite(v)).as(name).isTrue();
            }
        }
    }
}
