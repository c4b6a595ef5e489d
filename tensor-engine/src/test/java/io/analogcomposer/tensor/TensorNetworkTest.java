package io.analogcomposer.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.analogcomposer.engine.analog.config.InferenceRpuConfig;
import io.analogcomposer.engine.analog.config.Presets;
import io.analogcomposer.engine.analog.io.IOParameters;
import io.analogcomposer.engine.analog.io.NoiseManagement;
import io.analogcomposer.engine.analog.nn.AnalogConv2d;
import io.analogcomposer.engine.analog.nn.AnalogLinear;
import io.analogcomposer.engine.backend.JavaBackend;
import io.analogcomposer.engine.nn.Activation;
import io.analogcomposer.engine.nn.BatchNorm;
import io.analogcomposer.engine.nn.Flatten;
import io.analogcomposer.engine.nn.Linear;
import io.analogcomposer.engine.nn.Module;
import io.analogcomposer.engine.nn.Pool2d;
import io.analogcomposer.engine.nn.Sequential;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Whole layers and networks on the tensor path against the Java engine: the deterministic eval forward of a small
 * LeNet-like network (analog convolution with padding, tanh, max pooling, flatten, analog and digital linear layers,
 * log-softmax), and a programmed and drifted layer's output error statistics.
 */
class TensorNetworkTest {
    static TensorDevice device;

    @BeforeAll
    static void open() {
        device = TensorDevice.open(true);
    }

    @AfterAll
    static void close() {
        device.close();
    }

    static Sequential lenetLike(InferenceRpuConfig config, Rng r) {
        return new Sequential(List.of(new AnalogConv2d(2, 6, 3, 1, 1, 1, true, config, r.split(1)),
                new Activation(Activation.Kind.TANH), new Pool2d(Pool2d.Kind.MAX, 2, 2, 0),
                new AnalogConv2d(6, 8, 3, 1, 0, 1, true, config, r.split(2)), new Activation(Activation.Kind.RELU),
                new Flatten(), new AnalogLinear(8 * 3 * 3, 24, true, config, r.split(3)),
                new Activation(Activation.Kind.SIGMOID), new Linear(24, 10, true, r.split(4)),
                new Activation(Activation.Kind.LOG_SOFTMAX)));
    }

    static float[] javaForward(Module model, float[] x, int... shape) {
        model.setBackend(new JavaBackend(1));
        model.train(false);
        return model.forward(Tensor.of(x, shape)).data().clone();
    }

    static float[] tensorForward(Module model, float[] x, long... shape) {
        try (TensorNetwork net = new TensorNetwork(model, device); NDManager scope = device.manager().newSubManager()) {
            return net.forward(scope.create(x, new Shape(shape)), scope).toFloatArray();
        }
    }

    @Test
    void aFloatingPointNetworkGivesTheJavaEnginesOutputs() {
        Sequential model = lenetLike(Presets.FLOATING_POINT, new Rng(1));
        float[] x = new float[16 * 2 * 10 * 10];
        new Rng(2).fillNormal(x, 0, x.length, 0f, 1f);
        float[] yj = javaForward(model, x, 16, 2, 10, 10), yt = tensorForward(model, x, 16, 2, 10, 10);
        assertThat(yt).hasSameSizeAs(yj);
        for (int i = 0; i < yj.length; i++) {
            assertThat((double) yt[i]).as("output %d", i).isCloseTo(yj[i], Offset.offset(2e-5 * (1 + Math.abs(yj[i]))));
        }
    }

    @Test
    void theWebPresetsQuantizedForwardWithoutNoiseGivesTheJavaEnginesOutputs() {
        InferenceRpuConfig quiet = Presets.COMPOSER_WEB.withForward(Presets.COMPOSER_WEB.forward().toBuilder()
                .outNoise(0).build());
        Sequential model = lenetLike(quiet, new Rng(3));
        float[] x = new float[32 * 2 * 10 * 10];
        new Rng(4).fillNormal(x, 0, x.length, 0f, 1f);
        float[] yj = javaForward(model, x, 32, 2, 10, 10), yt = tensorForward(model, x, 32, 2, 10, 10);
        int off = 0;
        double worst = 0;
        for (int i = 0; i < yj.length; i++) {
            double d = Math.abs(yj[i] - yt[i]);
            worst = Math.max(worst, d);
            off += d > 1e-4 * (1 + Math.abs(yj[i])) ? 1 : 0;
        }
        System.out.printf("web preset without noise: %d of %d outputs beyond 1e-4, largest difference %.2e%n", off,
                yj.length, worst);
        // DAC/ADC rounding ties may fall the other way after a differently ordered sum and propagate; rarely
        assertThat((double) off / yj.length).as("outputs beyond float rounding").isLessThan(0.05);
        assertThat(worst).as("largest difference of a log-probability").isLessThan(0.05);
    }

    /** {@code Σ y·ŷ / Σ ŷ²} (gain against the ideal) and the relative rms error. */
    static double[] errorAgainst(float[] y, float[] ideal) {
        double dot = 0, sq = 0, err = 0;
        for (int i = 0; i < y.length; i++) {
            dot += (double) y[i] * ideal[i];
            sq += (double) ideal[i] * ideal[i];
            err += (double) (y[i] - ideal[i]) * (y[i] - ideal[i]);
        }
        return new double[]{dot / sq, Math.sqrt(err / sq)};
    }

    @Test
    void aProgrammedLayerDriftsAndIsCompensatedLikeTheJavaEngines() {
        int in = 128, out = 64, n = 256;
        Rng r = new Rng(9);
        float[] w = new float[out * in], x = new float[n * in];
        r.fillUniform(w, 0, w.length, -0.2f, 0.2f);
        r.fillNormal(x, 0, x.length, 0f, 1f);
        InferenceRpuConfig digital = Presets.FLOATING_POINT;
        float[] ideal = javaForward(AnalogLinear.of(w, null, in, out, digital, new Rng(1)), x, n, in);
        for (double t : new double[]{0, 86400, 3.15e7}) {
            AnalogLinear javaLayer = AnalogLinear.of(w, null, in, out, Presets.COMPOSER_WEB, new Rng(1));
            javaLayer.setBackend(new JavaBackend(1));
            javaLayer.train(false);
            javaLayer.program(new Rng(2));
            javaLayer.drift(t, new Rng(3));
            double[] ej = errorAgainst(javaLayer.forward(Tensor.of(x, n, in)).data(), ideal);
            double[] et;
            try (TensorNetwork net = new TensorNetwork(new Sequential(List.of(javaLayer)), device);
                    NDManager scope = device.manager().newSubManager()) {
                net.program();
                net.drift(t);
                et = errorAgainst(net.forward(scope.create(x, new Shape(n, in)), scope).toFloatArray(), ideal);
            }
            System.out.printf("t=%.0f s: gain %.4f (Java %.4f), relative error %.4f (Java %.4f)%n", t, et[0], ej[0],
                    et[1], ej[1]);
            // global compensation keeps the gain near 1 over time; the error grows with drift and read noise
            assertThat(et[0]).as("gain at t=%s", t).isCloseTo(ej[0], Offset.offset(0.03));
            assertThat(et[1] / ej[1]).as("relative error at t=%s, tensor / Java", t).isCloseTo(1.0,
                    Offset.offset(0.15));
        }
    }

    @Test
    void aRunThatDoesNotFitTheDeviceMemoryIsRefusedWithTheNumbers() {
        Sequential model = lenetLike(Presets.COMPOSER_WEB, new Rng(5));
        io.analogcomposer.engine.data.Dataset test = io.analogcomposer.engine.data.SyntheticData.blobs("blobs", 64,
                new int[]{2, 10, 10}, 10, 0.1, 1);
        long needed = TensorInference.estimateBytes(model, test, 32);
        // the test set alone is 64 x 200 floats; the patches of a batch of 32 add more
        assertThat(needed).isGreaterThan(64L * 200 * 4).isLessThan(64L << 20);
        var settings = new io.analogcomposer.engine.analog.inference.InferenceEvaluator.Settings(new double[]{0}, 1,
                32, 1);
        var loss = io.analogcomposer.engine.nn.Loss.byName("nll");
        assertThatThrownBy(() -> new TensorInference(device, needed - 1).evaluate(model, test, loss, settings, null,
                null)).isInstanceOf(DeviceMemoryTooSmall.class).hasMessageContaining("GiB of device memory")
                .hasMessageContaining("free");
        assertThat(new TensorInference(device, needed).evaluate(model, test, loss, settings, null, null)).hasSize(1);
    }

    @Test
    void layersAndSettingsTheTensorPathLacksAreRefusedByNameBeforeAnyComputation() {
        Sequential bn = new Sequential(List.of(new Flatten(), new BatchNorm(4, false, 1e-5, 0.1)));
        assertThatThrownBy(() -> TensorNetwork.checkSupported(bn)).isInstanceOf(UnsupportedOnTensorPath.class)
                .hasMessageContaining("batch");
        InferenceRpuConfig averaged = Presets.COMPOSER_WEB.withForward(IOParameters.DEFAULT.toBuilder()
                .noiseManagement(NoiseManagement.AVERAGE_ABS_MAX).build());
        Sequential net = new Sequential(List.of(new AnalogLinear(4, 2, true, averaged, new Rng(1))));
        assertThatThrownBy(() -> TensorNetwork.checkSupported(net)).isInstanceOf(UnsupportedOnTensorPath.class)
                .hasMessageContaining("forward.noise_management=average_abs_max");
    }
}
