package io.analogcomposer.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.analogcomposer.engine.analog.device.DeviceModel;
import io.analogcomposer.engine.analog.device.DevicePresets;
import io.analogcomposer.engine.analog.device.PulsedDeviceParameters;
import io.analogcomposer.engine.analog.update.PulseType;
import io.analogcomposer.engine.analog.update.PulsedTile;
import io.analogcomposer.engine.analog.update.UpdateParameters;
import io.analogcomposer.engine.random.Rng;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The in-memory update on the device against the Java engine's {@link PulsedTile}: the same devices (a construction
 * seed fixes the device-to-device draws), the same fixed x and d for {@code N} samples, repeated {@code R} times with
 * other random streams; per device the mean and the variance of the weight change, and the pulse counts, agree within
 * sampling error (the tensor program draws other random numbers from the same distributions).
 */
class TensorPulsedTileTest {
    static final int OUT = 6, IN = 10, SAMPLES = 20, REPEATS = 300;
    static double lr = 0.1;
    static TensorDevice device;

    @BeforeAll
    static void open() {
        device = TensorDevice.open(true);
    }

    @AfterAll
    static void close() {
        device.close();
    }

    /** One sample's x and d: mixed signs, magnitudes over a decade, zeros (no pulses on those lines). */
    static float[] x() {
        return new float[]{1.0f, -0.8f, 0.5f, 0f, -0.3f, 0.9f, 0.15f, -1.0f, 0.6f, -0.05f};
    }

    static float[] d() {
        return new float[]{0.4f, -0.25f, 0.1f, -0.5f, 0f, 0.3f};
    }

    static float[] initial() {
        float[] w = new float[OUT * IN];
        new Rng(5).fillUniform(w, 0, w.length, -0.3f, 0.3f);
        return w;
    }

    static PulsedTile javaTile(PulsedDeviceParameters p, UpdateParameters u, long seed) {
        PulsedTile t = new PulsedTile(OUT, IN, p, u, new Rng(seed));
        t.setWeights(initial());
        return t;
    }

    /** The device state change and pulse count of R repetitions of N samples: [R][OUT*IN + 1]. */
    static double[][] java(PulsedDeviceParameters p, UpdateParameters u) {
        float[] xs = new float[SAMPLES * IN], ds = new float[SAMPLES * OUT];
        for (int s = 0; s < SAMPLES; s++) {
            System.arraycopy(x(), 0, xs, s * IN, IN);
            System.arraycopy(d(), 0, ds, s * OUT, OUT);
        }
        double[][] r = new double[REPEATS][];
        for (int k = 0; k < REPEATS; k++) {
            PulsedTile t = javaTile(p, u, 1000 + k);
            float[] w0 = t.devices().state().clone();
            t.update(xs, ds, SAMPLES, lr);
            r[k] = change(w0, t.devices().state(), t.pulseCount());
        }
        return r;
    }

    static double[][] tensor(PulsedDeviceParameters p, UpdateParameters u) {
        device.seed(77);
        double[][] r = new double[REPEATS][];
        PulsedTile template = javaTile(p, u, 999);
        for (int k = 0; k < REPEATS; k++) {
            try (NDManager m = device.manager().newSubManager()) {
                TensorPulsedTile t = new TensorPulsedTile(template, m);
                float[] w0 = t.state.toFloatArray();
                NDArray xs = m.create(x(), new Shape(1, IN)).repeat(0, SAMPLES);
                NDArray ds = m.create(d(), new Shape(1, OUT)).repeat(0, SAMPLES);
                t.update(xs, ds, lr);
                r[k] = change(w0, t.state.toFloatArray(), t.pulseCount());
            }
        }
        return r;
    }

    static double[] change(float[] w0, float[] w1, long pulses) {
        double[] c = new double[w0.length + 1];
        for (int i = 0; i < w0.length; i++) {
            c[i] = w1[i] - w0[i];
        }
        c[w0.length] = pulses;
        return c;
    }

    static double mean(double[][] r, int i) {
        double s = 0;
        for (double[] v : r) {
            s += v[i];
        }
        return s / r.length;
    }

    static double var(double[][] r, int i) {
        double m = mean(r, i), s = 0;
        for (double[] v : r) {
            s += (v[i] - m) * (v[i] - m);
        }
        return s / (r.length - 1);
    }

    /**
     * Per device: |mean difference| within 4.5 standard errors; the summed variance ratio within sampling error; the
     * mean pulse count within 4.5 standard errors. Returns a one-line summary.
     */
    static String compare(String label, PulsedDeviceParameters p, UpdateParameters u) {
        double[][] j = java(p, u), t = tensor(p, u);
        int n = OUT * IN, moved = 0, worst = -1;
        double worstZ = 0, varJ = 0, varT = 0;
        for (int i = 0; i < n; i++) {
            double mj = mean(j, i), mt = mean(t, i), vj = var(j, i), vt = var(t, i);
            double se = Math.sqrt((vj + vt) / REPEATS);
            if (vj + vt == 0) {
                assertThat(mt).as("%s device %d: no randomness, the same change", label, i).isCloseTo(mj,
                        org.assertj.core.data.Offset.offset(1e-6));
                moved += mj != 0 ? 1 : 0;
                continue;
            }
            moved += Math.abs(mj) > 3 * se ? 1 : 0;
            double z = Math.abs(mt - mj) / se;
            if (z > worstZ) {
                worstZ = z;
                worst = i;
            }
            varJ += vj;
            varT += vt;
        }
        double pj = mean(j, n), pt = mean(t, n), pse = Math.sqrt((var(j, n) + var(t, n)) / REPEATS);
        String line = String.format("%s: %d devices moved; worst mean difference %.2f standard errors (device %d); "
                + "summed variance tensor/Java %.3f; pulses per repetition tensor %.1f Java %.1f (± %.1f)", label,
                moved, worstZ, worst, varJ == 0 ? 1.0 : varT / varJ, pt, pj, pse);
        System.out.println(line);
        assertThat(moved).as("%s: the update moves most devices", label).isGreaterThan(n / 2);
        assertThat(worstZ).as("%s: per-device mean change", label).isLessThan(4.5);
        if (varJ > 0) {
            // R = 300 repetitions: each device's variance is known to about 8 %, their sum to a few %
            assertThat(varT / varJ).as("%s: variance of the change", label).isBetween(0.85, 1.15);
        }
        assertThat(Math.abs(pt - pj)).as("%s: pulse count", label).isLessThanOrEqualTo(4.5 * pse + 1e-9);
        return line;
    }

    static PulsedDeviceParameters constantStep() {
        return PulsedDeviceParameters.builder(DeviceModel.CONSTANT_STEP).constructionSeed(42).dwMin(0.01).build();
    }

    @Test
    void constantStepStochasticPulsesHaveTheJavaEnginesStatistics() {
        compare("ConstantStep", constantStep(), UpdateParameters.DEFAULT);
    }

    @Test
    void softBoundsWithMultiplicativeNoiseNearTheirBoundsHaveTheJavaEnginesStatistics() {
        // large steps and narrow bounds: 20 samples take many devices most of the way to a bound
        PulsedDeviceParameters p = PulsedDeviceParameters.builder(DeviceModel.SOFT_BOUNDS).constructionSeed(43)
                .dwMin(0.03).wMax(0.5).wMin(-0.5).build();
        compare("SoftBounds", p, UpdateParameters.DEFAULT);
    }

    @Test
    void theReRamSbPresetHasTheJavaEnginesStatistics() {
        // additive noise of 3.75 steps per pulse, soft bounds at 1.25 / -0.75; write noise only in what MVMs see
        PulsedDeviceParameters p = DevicePresets.get("ReRamSB").toBuilder().constructionSeed(44).build();
        compare("ReRamSB", p, UpdateParameters.DEFAULT);
    }

    @Test
    void withoutManagementsAndWithALongerTrainTheStatisticsAgree() {
        compare("ConstantStep BL 100 no management", constantStep(),
                UpdateParameters.DEFAULT.withDesiredBl(100).withManagement(false, false));
    }

    @Test
    void deterministicPulsesAndExactUpdatesAgreeToo() {
        PulsedDeviceParameters noiseless = constantStep().toBuilder().dwMinStd(0).build();
        // a learning rate whose pulse fractions fall between the rounding ties (float32 on the device, double in
        // Java: an exact tie such as 2.5 pulses may round either way)
        lr = 0.093;
        compare("ConstantStep deterministic implicit", noiseless,
                UpdateParameters.DEFAULT.withPulseType(PulseType.DETERMINISTIC_IMPLICIT));
        compare("ConstantStep pulse type none", constantStep(),
                UpdateParameters.DEFAULT.withPulseType(PulseType.NONE));
        lr = 0.1;
    }

    @Test
    void devicesTheTensorProgramLacksAreRefusedByName() {
        PulsedTile exp = javaTile(PulsedDeviceParameters.builder(DeviceModel.EXP_STEP).build(),
                UpdateParameters.DEFAULT, 1);
        assertThatThrownBy(() -> TensorPulsedTile.checkSupported(exp)).isInstanceOf(UnsupportedOnTensorPath.class)
                .hasMessageContaining("device.type=exp_step");
        PulsedTile decaying = javaTile(constantStep().toBuilder().lifetime(100).build(), UpdateParameters.DEFAULT, 1);
        assertThatThrownBy(() -> TensorPulsedTile.checkSupported(decaying))
                .isInstanceOf(UnsupportedOnTensorPath.class).hasMessageContaining("device.lifetime");
    }
}
