package io.analogcomposer.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.analogcomposer.engine.analog.inference.NoiseModel;
import io.analogcomposer.engine.analog.inference.PcmLikeNoiseModel;
import io.analogcomposer.engine.analog.io.AnalogMvm;
import io.analogcomposer.engine.analog.io.BoundManagement;
import io.analogcomposer.engine.analog.io.IOParameters;
import io.analogcomposer.engine.analog.io.NoiseManagement;
import io.analogcomposer.engine.analog.io.WeightNoiseType;
import io.analogcomposer.engine.backend.JavaBackend;
import io.analogcomposer.engine.random.Rng;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each operation of the tensor program against the Java engine's: bit for bit (up to float rounding of the products'
 * summation order) where the maths is deterministic, and the same statistics within sampling error where it is noisy.
 * On DJL's CPU device; the GPU suite runs the same comparisons on CUDA.
 */
class TensorOpsTest {
    static TensorDevice device;
    static final JavaBackend JAVA = new JavaBackend(1);

    @BeforeAll
    static void open() {
        device = TensorDevice.open(true);
    }

    @AfterAll
    static void close() {
        device.close();
    }

    static float[] uniform(Rng r, int n, float lo, float hi) {
        float[] a = new float[n];
        r.fillUniform(a, 0, n, lo, hi);
        return a;
    }

    static float[] normal(Rng r, int n, float std) {
        float[] a = new float[n];
        r.fillNormal(a, 0, n, 0f, std);
        return a;
    }

    /** Java's MVM of {@code x [n, cols]} by {@code w [rows, cols]}. */
    static float[] javaMvm(IOParameters io, float[] w, float[] x, int n, int rows, int cols, long seed) {
        float[] y = new float[n * rows];
        new AnalogMvm(io, rows, cols, new Rng(seed)).forward(w, x, n, y, 1.0, new Rng(seed + 1), JAVA);
        return y;
    }

    /** The tensor program's MVM of the same. */
    static float[] tensorMvm(IOParameters io, float[] w, float[] x, int n, int rows, int cols) {
        try (NDManager m = device.manager().newSubManager()) {
            TensorMvm mvm = new TensorMvm(io, rows, cols, m);
            NDArray wa = m.create(w, new Shape(rows, cols));
            return mvm.forward(mvm.prepare(wa), m.create(x, new Shape(n, cols))).toFloatArray();
        }
    }

    /** Inputs whose first rows saturate the ADC (all ones against positive weights), so bound management acts. */
    static float[] saturatingInputs(Rng r, int n, int cols) {
        float[] x = normal(r, n * cols, 1f);
        for (int b = 0; b < n / 8; b++) {
            for (int j = 0; j < cols; j++) {
                x[b * cols + j] = 1f;
            }
        }
        return x;
    }

    @Test
    void theDeterministicForwardMatchesTheJavaEngineUpToFloatRounding() {
        int n = 512, rows = 32, cols = 96;
        Rng r = new Rng(7);
        float[] w = uniform(r, rows * cols, -1f, 1f);
        for (int j = 0; j < cols; j++) {
            w[j] = 0.5f; // output 0 saturates on the all-ones rows: iterative bound management
        }
        float[] x = saturatingInputs(r, n, cols);
        for (BoundManagement bm : new BoundManagement[]{BoundManagement.NONE, BoundManagement.ITERATIVE,
                BoundManagement.ITERATIVE_WORST_CASE}) {
            for (NoiseManagement nm : new NoiseManagement[]{NoiseManagement.ABS_MAX, NoiseManagement.ABS_MAX_NP_SUM,
                    NoiseManagement.NONE, NoiseManagement.CONSTANT}) {
                IOParameters io = IOParameters.DEFAULT.toBuilder().outNoise(0).boundManagement(bm)
                        .noiseManagement(nm).nmThres(nm == NoiseManagement.CONSTANT ? 4.0 : 0.0).build();
                float[] yj = javaMvm(io, w, x, n, rows, cols, 1), yt = tensorMvm(io, w, x, n, rows, cols);
                // the products are summed in another order: a value at an ADC rounding tie may land one step away
                double step = io.outputStep() * 2 * 32; // one ADC step at the largest input scale in use
                int off = 0;
                double maxDiff = 0;
                for (int i = 0; i < yj.length; i++) {
                    double d = Math.abs(yj[i] - yt[i]);
                    maxDiff = Math.max(maxDiff, d);
                    if (d > 1e-5 * (1 + Math.abs(yj[i]))) {
                        off++;
                    }
                }
                System.out.printf("%s/%s: %d of %d outputs beyond float rounding, largest difference %.3g%n", bm, nm,
                        off, yj.length, maxDiff);
                assertThat((double) off / yj.length).as("%s/%s: share of outputs not equal to rounding", bm, nm)
                        .isLessThan(0.002);
                assertThat(maxDiff).as("%s/%s: largest difference", bm, nm).isLessThan(step);
            }
        }
    }

    @Test
    void thePerfectForwardIsTheExactProduct() {
        int n = 64, rows = 20, cols = 50;
        Rng r = new Rng(3);
        float[] w = uniform(r, rows * cols, -1f, 1f), x = normal(r, n * cols, 1f);
        float[] yj = javaMvm(IOParameters.PERFECT, w, x, n, rows, cols, 1);
        float[] yt = tensorMvm(IOParameters.PERFECT, w, x, n, rows, cols);
        for (int i = 0; i < yj.length; i++) {
            assertThat((double) yt[i]).isCloseTo(yj[i],
                    org.assertj.core.data.Offset.offset(1e-5 * (1 + Math.abs(yj[i]))));
        }
    }

    /** Residuals of a noisy MVM against the noise-free one, divided by the expected std of each element. */
    static double normalizedStd(float[] noisy, float[] clean, double[] expectedStd) {
        double s = 0;
        for (int i = 0; i < noisy.length; i++) {
            double z = (noisy[i] - clean[i]) / expectedStd[i];
            s += z * z;
        }
        return Math.sqrt(s / noisy.length);
    }

    @Test
    void outputAndWeightNoiseHaveTheJavaEnginesStatistics() {
        int n = 512, rows = 32, cols = 64;
        Rng r = new Rng(11);
        float[] w = uniform(r, rows * cols, -1f, 1f), x = normal(r, n * cols, 0.2f);
        // no quantization and no management: y = Wx + noise, so the residual is the noise alone
        IOParameters clean = IOParameters.DEFAULT.toBuilder().outNoise(0).inpRes(-1).outRes(-1)
                .noiseManagement(NoiseManagement.NONE).boundManagement(BoundManagement.NONE).inpBound(100)
                .outBound(1000).build();
        float[] y0 = javaMvm(clean, w, x, n, rows, cols, 1);
        double se = 5 / Math.sqrt(2.0 * n * rows); // five standard errors of a unit std from n·rows samples

        IOParameters outNoise = clean.toBuilder().outNoise(0.1).build();
        double[] sd = new double[n * rows];
        java.util.Arrays.fill(sd, 0.1);
        double javaOut = normalizedStd(javaMvm(outNoise, w, x, n, rows, cols, 2), y0, sd);
        double tensorOut = normalizedStd(tensorMvm(outNoise, w, x, n, rows, cols), y0, sd);
        assertThat(javaOut).as("Java output noise").isCloseTo(1.0, org.assertj.core.data.Offset.offset(se));
        assertThat(tensorOut).as("tensor output noise").isCloseTo(1.0, org.assertj.core.data.Offset.offset(se));

        // PCM read noise: std wn·sqrt(Σ x²|w|) per output
        IOParameters pcm = clean.toBuilder().wNoise(0.05).wNoiseType(WeightNoiseType.PCM_READ).build();
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < rows; o++) {
                double acc = 0;
                for (int j = 0; j < cols; j++) {
                    acc += (double) x[b * cols + j] * x[b * cols + j] * Math.abs(w[o * cols + j]);
                }
                sd[b * rows + o] = 0.05 * Math.sqrt(acc);
            }
        }
        double javaPcm = normalizedStd(javaMvm(pcm, w, x, n, rows, cols, 3), y0, sd);
        double tensorPcm = normalizedStd(tensorMvm(pcm, w, x, n, rows, cols), y0, sd);
        assertThat(javaPcm).as("Java PCM read noise").isCloseTo(1.0, org.assertj.core.data.Offset.offset(se));
        assertThat(tensorPcm).as("tensor PCM read noise").isCloseTo(1.0, org.assertj.core.data.Offset.offset(se));

        // input noise goes through the weights: compare the two engines' residual spread with each other
        IOParameters inp = clean.toBuilder().inpNoise(0.05).build();
        java.util.Arrays.fill(sd, 1.0);
        double javaInp = normalizedStd(javaMvm(inp, w, x, n, rows, cols, 4), y0, sd);
        double tensorInp = normalizedStd(tensorMvm(inp, w, x, n, rows, cols), y0, sd);
        assertThat(tensorInp / javaInp).as("input noise spread, tensor / Java").isCloseTo(1.0,
                org.assertj.core.data.Offset.offset(0.05));
    }

    @Test
    void irDropIsTheJavaEnginesDeterministicLoss() {
        int n = 128, rows = 16, cols = 64;
        Rng r = new Rng(5);
        float[] w = uniform(r, rows * cols, -1f, 1f), x = normal(r, n * cols, 0.3f);
        IOParameters io = IOParameters.DEFAULT.toBuilder().outNoise(0).inpRes(-1).outRes(-1)
                .noiseManagement(NoiseManagement.NONE).boundManagement(BoundManagement.NONE).inpBound(100)
                .outBound(1000).irDrop(1.0).build();
        float[] yj = javaMvm(io, w, x, n, rows, cols, 1), yt = tensorMvm(io, w, x, n, rows, cols);
        for (int i = 0; i < yj.length; i++) {
            assertThat((double) yt[i]).isCloseTo(yj[i],
                    org.assertj.core.data.Offset.offset(1e-4 * (1 + Math.abs(yj[i]))));
        }
    }

    @Test
    void theAdcNonLinearityAndAsymmetryAreTheJavaEngines() {
        int n = 256, rows = 24, cols = 48;
        Rng r = new Rng(13);
        float[] w = uniform(r, rows * cols, -1f, 1f), x = saturatingInputs(r, n, cols);
        // no per-line spread: the strengths are the same numbers in both engines, so the transfer is deterministic
        IOParameters io = IOParameters.DEFAULT.toBuilder().outNoise(0).outNonlinearity(0.5).slopeCalibration(0.5)
                .outAsymmetry(0.1).build();
        float[] yj = javaMvm(io, w, x, n, rows, cols, 1), yt = tensorMvm(io, w, x, n, rows, cols);
        int off = 0;
        for (int i = 0; i < yj.length; i++) {
            off += Math.abs(yj[i] - yt[i]) > 1e-5 * (1 + Math.abs(yj[i])) ? 1 : 0;
        }
        assertThat((double) off / yj.length).as("outputs beyond float rounding (ADC ties aside)").isLessThan(0.01);
    }

    /** Mean and std of {@code a − b}. */
    static double[] errorStats(float[] a, float[] b) {
        double s = 0, q = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d;
            q += d * d;
        }
        double mean = s / a.length;
        return new double[]{mean, Math.sqrt(q / a.length - mean * mean)};
    }

    static java.util.stream.Stream<NoiseModel> deviceModels() {
        return java.util.stream.Stream.of(PcmLikeNoiseModel.DEFAULT,
                io.analogcomposer.engine.analog.inference.StateIndependentNoiseModel.DEFAULT);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("deviceModels")
    void programmingAndDriftHaveTheJavaEnginesStatistics(NoiseModel model) {
        int rows = 128, cols = 256, n = rows * cols;
        float[] w = uniform(new Rng(21), n, -1f, 1f);
        NoiseModel.Programmed javaProg = model.programWeights(w.clone(), n, new Rng(1));
        float[] javaDay = model.driftWeights(javaProg, 86400, new Rng(2));
        float[] tensorProg, tensorDay;
        try (NDManager m = device.manager().newSubManager()) {
            TensorNoise noise = TensorNoise.of(model);
            TensorNoise.Programmed p = noise.program(m.create(w, new Shape(rows, cols)));
            tensorProg = p.weights().toFloatArray();
            tensorDay = noise.drift(p, 86400).toFloatArray();
        }
        double[] jp = errorStats(javaProg.weights(), w), tp = errorStats(tensorProg, w);
        double se = jp[1] / Math.sqrt(n);
        assertThat(tp[0]).as("mean programming error").isCloseTo(jp[0], org.assertj.core.data.Offset.offset(6 * se));
        assertThat(tp[1] / jp[1]).as("programming error spread, tensor / Java").isCloseTo(1.0,
                org.assertj.core.data.Offset.offset(5 / Math.sqrt(n / 2.0)));
        // a day of drift shrinks |w|: the same mean decay and spread around it. Each device's decay exp(-ν ln 4321)
        // spreads by ~0.17 with the generic model's ν ~ |N(0.1, 0.05)|, so the mean over 32768 weights has a standard
        // error of ~0.001 per engine: 0.006 is four standard errors of the difference
        double[] jd = errorStats(javaDay, javaProg.weights()), td = errorStats(tensorDay, tensorProg);
        assertThat(meanAbs(tensorDay) / meanAbs(tensorProg)).as("mean |w| after a day / programmed")
                .isCloseTo(meanAbs(javaDay) / meanAbs(javaProg.weights()), org.assertj.core.data.Offset.offset(0.006));
        assertThat(td[1] / jd[1]).as("drift + read noise spread, tensor / Java").isCloseTo(1.0,
                org.assertj.core.data.Offset.offset(0.05));
    }

    @Test
    void withoutNoiseProgrammingAndDriftGiveTheTargetBack() {
        int rows = 16, cols = 32;
        float[] w = uniform(new Rng(4), rows * cols, -1f, 1f);
        PcmLikeNoiseModel still = PcmLikeNoiseModel.DEFAULT.withScales(0, 0, 0);
        NoiseModel.Programmed jp = still.programWeights(w.clone(), w.length, new Rng(1));
        float[] jd = still.driftWeights(jp, 3600, new Rng(2));
        try (NDManager m = device.manager().newSubManager()) {
            TensorNoise noise = TensorNoise.of(still);
            TensorNoise.Programmed p = noise.program(m.create(w, new Shape(rows, cols)));
            float[] tp = p.weights().toFloatArray(), td = noise.drift(p, 3600).toFloatArray();
            for (int i = 0; i < w.length; i++) {
                assertThat((double) tp[i]).isCloseTo(jp.weights()[i], org.assertj.core.data.Offset.offset(1e-6));
                assertThat((double) td[i]).isCloseTo(jd[i], org.assertj.core.data.Offset.offset(1e-6));
            }
        }
    }

    @Test
    void whatTheTensorPathLacksIsRefusedByName() {
        assertThatThrownBy(() -> TensorMvm.checkSupported(IOParameters.DEFAULT.toBuilder()
                .noiseManagement(NoiseManagement.AVERAGE_ABS_MAX).build()))
                .isInstanceOf(UnsupportedOnTensorPath.class).hasMessageContaining("average_abs_max");
        assertThatThrownBy(() -> TensorMvm.checkSupported(IOParameters.DEFAULT.toBuilder().vOffsetStd(0.1)
                .build())).isInstanceOf(UnsupportedOnTensorPath.class).hasMessageContaining("v_offset_std");
        assertThatThrownBy(() -> TensorNoise.of(
                io.analogcomposer.engine.analog.inference.ReRamWan2022NoiseModel.DEFAULT))
                .isInstanceOf(UnsupportedOnTensorPath.class).hasMessageContaining("noise_model.type=");
    }

    static double meanAbs(float[] a) {
        double s = 0;
        for (float v : a) {
            s += Math.abs(v);
        }
        return s / a.length;
    }
}
