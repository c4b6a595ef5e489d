package io.analogcomposer.engine.analog.bench;

import io.analogcomposer.engine.analog.update.AnalogSgd;
import io.analogcomposer.engine.analog.update.PulsedAnalogLinear;
import io.analogcomposer.engine.analog.update.TrainingPresets;
import io.analogcomposer.engine.analog.update.TrainingRpuConfig;
import io.analogcomposer.engine.bench.BenchData;
import io.analogcomposer.engine.data.BatchLoader;
import io.analogcomposer.engine.data.Datasets;
import io.analogcomposer.engine.data.TrainTest;
import io.analogcomposer.engine.experiment.CancellationToken;
import io.analogcomposer.engine.experiment.Trainer;
import io.analogcomposer.engine.experiment.TrainingListener;
import io.analogcomposer.engine.nn.Activation;
import io.analogcomposer.engine.nn.Loss;
import io.analogcomposer.engine.nn.Sequential;
import io.analogcomposer.engine.optim.LrSchedule;
import io.analogcomposer.engine.random.Rng;
import java.util.List;

/**
 * The tutorial's Fig. 8 experiment: a 3FC network (784-256-128-10, sigmoid) trained in analog memory on
 * Fashion-MNIST with plain in-memory SGD, Tiki-Taka and mixed precision on one device preset; prints the test accuracy
 * after each epoch. Arguments: {@code [trainSamples=10000] [epochs=3] [device=ReRamSB] [lr=0.1] [testSamples=2000]}.
 */
public final class AlgorithmComparison {
    private AlgorithmComparison() {
    }

    /** Entry point. */
    public static void main(String[] a) throws Exception {
        int n = a.length > 0 ? Integer.parseInt(a[0]) : 10_000;
        int epochs = a.length > 1 ? Integer.parseInt(a[1]) : 3;
        String device = a.length > 2 ? a[2] : "ReRamSB";
        double lr = a.length > 3 ? Double.parseDouble(a[3]) : 0.1;
        int nTest = a.length > 4 ? Integer.parseInt(a[4]) : 2000;
        TrainTest data = Datasets.load("fashion-mnist", BenchData.fashionMnist());
        var train = data.train().head(n);
        var test = data.test().head(nTest);
        for (TrainingPresets.Algorithm alg : TrainingPresets.Algorithm.values()) {
            TrainingRpuConfig cfg = TrainingPresets.build(alg, io.analogcomposer.engine.analog.device.DevicePresets
                    .get(device));
            Rng rng = new Rng(2024);
            Sequential net = new Sequential(List.of(new io.analogcomposer.engine.nn.Flatten(),
                    new PulsedAnalogLinear(784, 256, true, cfg, rng.split(1)),
                    new Activation(Activation.Kind.SIGMOID), new PulsedAnalogLinear(256, 128, true, cfg, rng.split(2)),
                    new Activation(Activation.Kind.SIGMOID), new PulsedAnalogLinear(128, 10, true, cfg, rng.split(3)),
                    new Activation(Activation.Kind.LOG_SOFTMAX)));
            Trainer t = new Trainer(net, Loss.byName("nll"), new AnalogSgd(net, lr), LrSchedule.constant());
            StringBuilder sb = new StringBuilder();
            long t0 = System.nanoTime();
            for (int e = 0; e < epochs; e++) {
                t.trainEpoch(new BatchLoader(train, 10, true, 7, false), e, TrainingListener.NONE,
                        CancellationToken.NONE);
                double acc = t.evaluate(new BatchLoader(test, 500, false, 0, false)).accuracy();
                sb.append(String.format(" %.4f", acc));
            }
            System.out.printf("%s %-16s test accuracy per epoch:%s (%.1f s)%n", device, alg, sb,
                    (System.nanoTime() - t0) / 1e9);
        }
    }
}
