package io.analogcomposer.engine.analog.hwa;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.engine.analog.config.Presets;
import io.analogcomposer.engine.analog.inference.InferenceEvaluator;
import io.analogcomposer.engine.analog.nn.AnalogLinear;
import io.analogcomposer.engine.analog.nn.AnalogNetworks;
import io.analogcomposer.engine.data.BatchLoader;
import io.analogcomposer.engine.data.Dataset;
import io.analogcomposer.engine.experiment.CancellationToken;
import io.analogcomposer.engine.experiment.Trainer;
import io.analogcomposer.engine.experiment.TrainingListener;
import io.analogcomposer.engine.nn.Activation;
import io.analogcomposer.engine.nn.Linear;
import io.analogcomposer.engine.nn.Loss;
import io.analogcomposer.engine.nn.Sequential;
import io.analogcomposer.engine.optim.LrSchedule;
import io.analogcomposer.engine.optim.Sgd;
import io.analogcomposer.engine.random.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hardware-aware training end to end with the engine's trainer: the composer preset learns, weights stay clipped. */
class HwaTrainingTest {
    static Dataset blobs(int n, long seed) {
        Rng c = new Rng(1), r = new Rng(seed);
        float[] centroids = new float[4 * 16];
        c.fillUniform(centroids, 0, centroids.length, -1f, 1f);
        float[] x = new float[n * 16];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(4);
            for (int j = 0; j < 16; j++) {
                x[i * 16 + j] = centroids[y[i] * 16 + j] + (float) (0.5 * r.nextGaussian());
            }
        }
        return new Dataset("blobs", new int[]{16}, x, y, 4);
    }

    @Test
    void composerPresetTrainsAnAnalogMlpAndKeepsWeightsClipped() {
        Sequential net = new Sequential(List.of(new AnalogLinear(16, 32, true, Presets.COMPOSER_WEB, new Rng(2)),
                new Activation(Activation.Kind.TANH), new AnalogLinear(32, 4, true, Presets.COMPOSER_WEB, new Rng(3)),
                new Activation(Activation.Kind.LOG_SOFTMAX)));
        Loss nll = Loss.byName("nll");
        Trainer t = new Trainer(net, nll, new Sgd(net.parameters(), 0.1), LrSchedule.constant());
        Dataset train = blobs(800, 4), test = blobs(400, 5);
        BatchLoader loader = new BatchLoader(train, 20, true, 6, false);
        BatchLoader testLoader = new BatchLoader(test, 100, false, 0, false);
        net.train(false);
        double before = InferenceEvaluator.evaluateOnce(net, testLoader, nll)[0];
        net.train(true);
        for (int e = 0; e < 4; e++) {
            t.trainEpoch(loader, e, TrainingListener.NONE, CancellationToken.NONE);
        }
        net.train(false);
        double after = InferenceEvaluator.evaluateOnce(net, testLoader, nll)[0];
        assertThat(after).isGreaterThan(0.9).isGreaterThan(before + 0.2);
        AnalogNetworks.analogLayers(net).forEach(l -> {
            for (float w : l.weight().value().toArray()) {
                assertThat(Math.abs(w)).isLessThanOrEqualTo(1f); // fixed clip 1.0 after every step
            }
        });
    }

    /** Noisy copies of 10 random prototypes in 196 dimensions (a 14x14 "image" per class). */
    static Dataset prototypes(int n, long seed) {
        Rng c = new Rng(11), r = new Rng(seed);
        float[] protos = new float[10 * 196];
        c.fillUniform(protos, 0, protos.length, 0f, 1f);
        float[] x = new float[n * 196];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(10);
            for (int j = 0; j < 196; j++) {
                x[i * 196 + j] = protos[y[i] * 196 + j] + (float) (0.6 * r.nextGaussian());
            }
        }
        return new Dataset("prototypes", new int[]{196}, x, y, 10);
    }

    @Test
    void hwaTrainingFromScratchWithTheWebPresetLearnsAsFastAsDigitalTraining() {
        // the composer's web preset normalizes every row to max|w| = 1 (omega) and keeps s = max|w| ~ 0.07 in
        // digital. AIHWKit's update divides the output gradient by s, so the logical weights move like digital SGD;
        // with the exact gradient they would move s² ~ 0.005 times slower and the network would stay at chance.
        Sequential digital = new Sequential(List.of(new Linear(196, 64, true, new Rng(12)),
                new Activation(Activation.Kind.TANH), new Linear(64, 10, true, new Rng(13)),
                new Activation(Activation.Kind.LOG_SOFTMAX)));
        Sequential analog = (Sequential) AnalogNetworks.convert(digital, Presets.COMPOSER_WEB, new Rng(14));
        Loss nll = Loss.byName("nll");
        Dataset train = prototypes(1500, 15), test = prototypes(500, 16);
        double[] acc = new double[2];
        List<Sequential> nets = List.of(digital, analog);
        for (int k = 0; k < 2; k++) {
            Sequential net = nets.get(k);
            Trainer t = new Trainer(net, nll, new Sgd(net.parameters(), 0.02), LrSchedule.constant());
            BatchLoader loader = new BatchLoader(train, 10, true, 17, false);
            t.trainEpoch(loader, 0, TrainingListener.NONE, CancellationToken.NONE);
            net.train(false);
            acc[k] = InferenceEvaluator.evaluateOnce(net, new BatchLoader(test, 100, false, 0, false), nll)[0];
        }
        assertThat(acc[0]).as("digital accuracy").isGreaterThan(0.8);
        assertThat(acc[1]).as("HWA accuracy (digital %.3f)", acc[0]).isGreaterThan(acc[0] - 0.05);
    }
}
