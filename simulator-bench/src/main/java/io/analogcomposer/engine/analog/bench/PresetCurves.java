package io.analogcomposer.engine.analog.bench;

import io.analogcomposer.engine.analog.update.AnalogSgd;
import io.analogcomposer.engine.analog.update.PulsedAnalogLinear;
import io.analogcomposer.engine.analog.update.TrainingPresets;
import io.analogcomposer.engine.analog.update.TrainingRpuConfig;
import io.analogcomposer.engine.bench.BenchData;
import io.analogcomposer.engine.data.BatchLoader;
import io.analogcomposer.engine.data.Dataset;
import io.analogcomposer.engine.data.Datasets;
import io.analogcomposer.engine.data.TrainTest;
import io.analogcomposer.engine.experiment.CancellationToken;
import io.analogcomposer.engine.experiment.Trainer;
import io.analogcomposer.engine.experiment.TrainingListener;
import io.analogcomposer.engine.nn.Activation;
import io.analogcomposer.engine.nn.Flatten;
import io.analogcomposer.engine.nn.Loss;
import io.analogcomposer.engine.nn.Sequential;
import io.analogcomposer.engine.optim.LrSchedule;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Issue 20's side-by-side setup with AIHWKit 1.0.0: the 3FC network (784-256-128-10, sigmoid, log-softmax, digital
 * bias) trained in analog memory on Fashion-MNIST scaled to [0, 1], batch 8, NLL, analog SGD, every layer on the named
 * training preset; prints the train loss and the test accuracy on all 10,000 test images after each epoch, and the
 * CPU time of each epoch. Arguments: {@code presets (comma-separated, e.g. TikiTakaReRamSBPreset,AGADReRamSBPreset,
 * or algorithm:device such as buffered-transfer:ReRamSB) lr [trainSamples=60000] [epochs=2] [seed=0]}.
 */
public final class PresetCurves {
    private PresetCurves() {
    }

    /** Entry point. */
    public static void main(String[] a) throws Exception {
        if (a.length < 2) {
            System.err.println("usage: PresetCurves PRESET[,PRESET...] LR [trainSamples=60000] [epochs=2] [seed=0]");
            System.exit(2);
        }
        double lr = Double.parseDouble(a[1]);
        int n = a.length > 2 ? Integer.parseInt(a[2]) : 60_000;
        int epochs = a.length > 3 ? Integer.parseInt(a[3]) : 2;
        long seed = a.length > 4 ? Long.parseLong(a[4]) : 0;
        TrainTest data = Datasets.load("fashion-mnist", BenchData.fashionMnist());
        Dataset train = data.train().head(n);
        var cpu = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (String preset : a[0].split(",")) {
            String[] algorithmOnDevice = preset.split(":");
            TrainingRpuConfig cfg = algorithmOnDevice.length == 2
                    ? TrainingPresets.build(algorithmOnDevice[0], algorithmOnDevice[1])
                    : TrainingPresets.named(preset);
            io.analogcomposer.engine.random.Rng rng = new io.analogcomposer.engine.random.Rng(seed);
            Sequential net = new Sequential(List.of(new Flatten(),
                    new PulsedAnalogLinear(784, 256, true, cfg, rng.split(1)), new Activation(Activation.Kind.SIGMOID),
                    new PulsedAnalogLinear(256, 128, true, cfg, rng.split(2)), new Activation(Activation.Kind.SIGMOID),
                    new PulsedAnalogLinear(128, 10, true, cfg, rng.split(3)),
                    new Activation(Activation.Kind.LOG_SOFTMAX)));
            Trainer t = new Trainer(net, Loss.byName("nll"), new AnalogSgd(net, lr), LrSchedule.constant());
            BatchLoader loader = new BatchLoader(train, 8, true, seed, false);
            for (int e = 0; e < epochs; e++) {
                long c0 = cpu.getProcessCpuTime();
                double loss = t.trainEpoch(loader, e, TrainingListener.NONE, CancellationToken.NONE);
                double sec = (cpu.getProcessCpuTime() - c0) / 1e9;
                var test = t.evaluate(new BatchLoader(data.test(), 500, false, 0, false));
                System.out.printf(
                        "%s lr %s seed %d epoch %d: train loss %.4f, test loss %.4f, test accuracy %.4f (%.1f s CPU)%n",
                        preset, lr, seed, e + 1, loss, test.loss(), test.accuracy(), sec);
            }
        }
    }
}
