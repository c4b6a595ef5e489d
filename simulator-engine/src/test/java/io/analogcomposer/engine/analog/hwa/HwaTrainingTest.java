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
}
