package io.analogcomposer.engine.analog.bench;

import io.analogcomposer.engine.analog.device.DeviceModel;
import io.analogcomposer.engine.analog.device.PulsedDeviceParameters;
import io.analogcomposer.engine.analog.io.BoundManagement;
import io.analogcomposer.engine.analog.io.IOParameters;
import io.analogcomposer.engine.analog.io.NoiseManagement;
import io.analogcomposer.engine.analog.update.AnalogSgd;
import io.analogcomposer.engine.analog.update.ChoppedTransferCompound;
import io.analogcomposer.engine.analog.update.ChoppedTransferRpuConfig;
import io.analogcomposer.engine.analog.update.MixedPrecisionCompound;
import io.analogcomposer.engine.analog.update.MixedPrecisionRpuConfig;
import io.analogcomposer.engine.analog.update.PulsedAnalogLinear;
import io.analogcomposer.engine.analog.update.SingleRpuConfig;
import io.analogcomposer.engine.analog.update.TrainingRpuConfig;
import io.analogcomposer.engine.analog.update.TransferCompound;
import io.analogcomposer.engine.analog.update.TransferRpuConfig;
import io.analogcomposer.engine.analog.update.UpdateParameters;
import io.analogcomposer.engine.nn.Activation;
import io.analogcomposer.engine.nn.Loss;
import io.analogcomposer.engine.nn.Sequential;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * AIHWKit's training timing (reference README): one epoch of pulsed in-memory SGD on the MLP 784-256-128-10
 * (sigmoid, log-softmax, NLL, lr 0.05), 10,000 samples x ~ U[0, 1) with uniform labels, batch 10,
 * {@code SingleRPUConfig(device=ConstantStepDevice())} with default IO and update settings. Argument: repetitions
 * (default 3) and which configuration: sgd, tt, mp, cttv2, agad or all (default); the compounds use ConstantStep
 * devices too (c-TTv2 and AGAD with their presets' transfer settings: one column per sample). Prints wall and process CPU time per epoch and the pulses applied.
 */
public final class PulsedSgdBench {
    private PulsedSgdBench() {
    }

    /** Entry point. */
    public static void main(String[] argv) {
        int reps = argv.length > 0 ? Integer.parseInt(argv[0]) : 3;
        int n = 10_000, batch = 10;
        Rng data = new Rng(777);
        float[] x = new float[n * 784], y = new float[n];
        data.fillUniform(x, 0, x.length, 0f, 1f);
        for (int i = 0; i < n; i++) {
            y[i] = data.nextInt(10);
        }
        PulsedDeviceParameters cs = PulsedDeviceParameters.builder(DeviceModel.CONSTANT_STEP).build();
        String only = argv.length > 1 ? argv[1] : "all";
        IOParameters io = IOParameters.DEFAULT;
        if (only.equals("all") || only.equals("sgd")) {
            run("SGD", SingleRpuConfig.of(cs), reps, x, y);
        }
        if (only.equals("all") || only.equals("tt")) {
            run("Tiki-Taka", new TransferRpuConfig(io, io, UpdateParameters.DEFAULT, TransferCompound.of(cs, cs)), reps,
                    x, y);
        }
        if (only.equals("all") || only.equals("mp")) {
            run("MixedPrecision",
                    new MixedPrecisionRpuConfig(io, io, UpdateParameters.DEFAULT, MixedPrecisionCompound.of(cs)), reps,
                    x,
                    y);
        }
        // the c-TTv2 / AGAD preset settings (transfer of one column per sample) on ConstantStep devices
        IOParameters read = io.toBuilder().noiseManagement(NoiseManagement.NONE)
                .boundManagement(BoundManagement.NONE).build();
        if (only.equals("all") || only.equals("cttv2")) {
            run("c-TTv2", new ChoppedTransferRpuConfig(io, io, UpdateParameters.DEFAULT,
                    ChoppedTransferCompound.chopped(cs, cs).withPreset(read, 0.5, 0.01, true, 1000)), reps, x, y);
        }
        if (only.equals("all") || only.equals("agad")) {
            run("AGAD", new ChoppedTransferRpuConfig(io, io, UpdateParameters.DEFAULT,
                    ChoppedTransferCompound.dynamic(cs, cs).withPreset(read, 0.5, 0.02, false, 1000)), reps, x, y);
        }
    }

    private static void run(String label, TrainingRpuConfig cfg, int reps, float[] x, float[] y) {
        int n = 10_000, batch = 10;
        var bean = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int r = 0; r < reps + 1; r++) {
            Rng rng = new Rng(1 + r);
            Sequential net = new Sequential(List.of(new PulsedAnalogLinear(784, 256, true, cfg, rng.split(1)),
                    new Activation(Activation.Kind.SIGMOID), new PulsedAnalogLinear(256, 128, true, cfg, rng.split(2)),
                    new Activation(Activation.Kind.SIGMOID), new PulsedAnalogLinear(128, 10, true, cfg, rng.split(3)),
                    new Activation(Activation.Kind.LOG_SOFTMAX)));
            AnalogSgd opt = new AnalogSgd(net, 0.05);
            Loss nll = Loss.byName("nll");
            float[] xb = new float[batch * 784], yb = new float[batch];
            long cpu0 = bean.getProcessCpuTime(), t0 = System.nanoTime();
            double lossSum = 0;
            for (int b = 0; b < n / batch; b++) {
                System.arraycopy(x, b * batch * 784, xb, 0, batch * 784);
                System.arraycopy(y, b * batch, yb, 0, batch);
                Tensor out = net.forward(Tensor.wrap(xb, batch, 784));
                lossSum += nll.forward(out, Tensor.wrap(yb, batch));
                net.backward(nll.backward());
                opt.step();
            }
            double wall = (System.nanoTime() - t0) / 1e9, cpu = (bean.getProcessCpuTime() - cpu0) / 1e9;
            long pulses = 0;
            for (PulsedAnalogLinear l : opt.analogLayers()) {
                pulses += l.pulseCount();
            }
            System.out.printf("%s %s epoch: %.3f s wall, %.3f s CPU, mean loss %.4f, %d pulses%n",
                    label, r == 0 ? "warm-up" : "run " + r, wall, cpu, lossSum / (n / batch), pulses);
        }
    }
}
