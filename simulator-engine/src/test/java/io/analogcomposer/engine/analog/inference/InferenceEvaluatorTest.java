package io.analogcomposer.engine.analog.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.analogcomposer.engine.analog.config.DriftCompensation;
import io.analogcomposer.engine.analog.config.InferenceRpuConfig;
import io.analogcomposer.engine.analog.nn.AnalogLinear;
import io.analogcomposer.engine.analog.nn.AnalogNetworks;
import io.analogcomposer.engine.data.Dataset;
import io.analogcomposer.engine.nn.Loss;
import io.analogcomposer.engine.nn.Module;
import io.analogcomposer.engine.random.Rng;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InferenceEvaluatorTest {
    static final int DIM = 64, CLASSES = 10;

    /** Gaussian blobs around random ±1 centroids, and the nearest-centroid linear classifier for them. */
    static Dataset blobs(float[] centroids, int n, long seed) {
        Rng r = new Rng(seed);
        float[] x = new float[n * DIM];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(CLASSES);
            for (int j = 0; j < DIM; j++) {
                x[i * DIM + j] = centroids[y[i] * DIM + j] + (float) (0.9 * r.nextGaussian());
            }
        }
        return new Dataset("blobs", new int[]{DIM}, x, y, CLASSES);
    }

    static float[] centroids() {
        float[] c = new float[CLASSES * DIM];
        Rng r = new Rng(1);
        for (int i = 0; i < c.length; i++) {
            c[i] = r.nextFloat() < 0.5f ? -1f : 1f;
        }
        return c;
    }

    static Module classifier(float[] c, DriftCompensation dc) {
        // logits = 0.1 c·x: softmax of moderately confident scores, so a global output shrink raises the loss
        float[] w = c.clone();
        for (int i = 0; i < w.length; i++) {
            w[i] *= 0.1f;
        }
        return AnalogLinear.of(w, new float[CLASSES], DIM, CLASSES,
                InferenceRpuConfig.DEFAULT.withDriftCompensation(dc), new Rng(2));
    }

    @Test
    void composerTimeGridIsZeroThenNineLogSpacedTimes() {
        double[] t = InferenceEvaluator.composerTimes(31536000);
        assertThat(t).hasSize(10);
        assertThat(t[0]).isZero();
        assertThat(t[1]).isEqualTo(1.0);
        assertThat(t[9]).isCloseTo(31536000, offset(1e-3));
        for (int i = 2; i < 10; i++) {
            assertThat(t[i] / t[i - 1]).isCloseTo(t[2] / t[1], offset(1e-9));
        }
    }

    @Test
    void evaluationReportsEveryPointAndIsReproducibleFromTheSeed() {
        float[] c = centroids();
        Dataset test = blobs(c, 300, 3);
        Loss loss = Loss.byName("cross_entropy");
        double[] times = {0, 3600, 31536000};
        InferenceEvaluator.Settings s = new InferenceEvaluator.Settings(times, 3, 100, 42);
        List<String> events = new ArrayList<>();
        InferenceEvaluator.Listener l = new InferenceEvaluator.Listener() {
            @Override
            public void onPoint(int rep, int k, double time, double acc, double lo) {
                events.add("p" + rep + k);
            }

            @Override
            public void onRepetition(int rep, List<InferenceEvaluator.Point> soFar) {
                events.add("r" + rep + ":" + soFar.get(0).repetitions());
            }
        };
        List<InferenceEvaluator.Point> a = InferenceEvaluator.evaluate(classifier(c, DriftCompensation.GLOBAL), test,
                loss, s, l, null);
        List<InferenceEvaluator.Point> b = InferenceEvaluator.evaluate(classifier(c, DriftCompensation.GLOBAL), test,
                loss, s, null, null);
        assertThat(events).containsExactly("p00", "p01", "p02", "r0:1", "p10", "p11", "p12", "r1:2", "p20", "p21",
                "p22", "r2:3");
        assertThat(a).isEqualTo(b);
        assertThat(a).hasSize(3).allSatisfy(p -> assertThat(p.repetitions()).isEqualTo(3));
        assertThat(a.get(0).accuracyMean()).isGreaterThan(0.9);
        assertThat(a.get(0).lossStd()).isGreaterThan(0); // programming noise differs between repetitions
    }

    @Test
    void globalDriftCompensationRestoresTheOutputScaleAfterAYear() {
        float[] c = centroids();
        Dataset test = blobs(c, 300, 4);
        Loss loss = Loss.byName("cross_entropy");
        InferenceEvaluator.Settings s = new InferenceEvaluator.Settings(new double[]{0, 31536000}, 2, 300, 7);
        List<InferenceEvaluator.Point> with = InferenceEvaluator
                .evaluate(classifier(c, DriftCompensation.GLOBAL), test, loss, s, null, null);
        List<InferenceEvaluator.Point> without = InferenceEvaluator
                .evaluate(classifier(c, DriftCompensation.NONE), test, loss, s, null, null);
        // drift shrinks every conductance by ~half after a year; uncompensated logits lose confidence
        assertThat(without.get(1).lossMean()).isGreaterThan(without.get(0).lossMean() + 0.05);
        assertThat(with.get(1).lossMean()).isLessThan(without.get(1).lossMean() - 0.05);
        assertThat(AnalogNetworks.analogLayers(classifier(c, DriftCompensation.GLOBAL))).hasSize(1);
    }
}
