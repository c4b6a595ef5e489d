package io.analogcomposer.engine.analog.bench;

import io.analogcomposer.engine.analog.device.DevicePresets;
import io.analogcomposer.engine.analog.nn.AnalogLayerFactories;
import io.analogcomposer.engine.analog.update.AnalogSgd;
import io.analogcomposer.engine.analog.update.PulsedAnalogConv;
import io.analogcomposer.engine.analog.update.PulsedAnalogLinear;
import io.analogcomposer.engine.analog.update.TrainingPresets;
import io.analogcomposer.engine.analog.update.TrainingRpuConfig;
import io.analogcomposer.engine.backend.ComputeBackend;
import io.analogcomposer.engine.backend.ComputeBackends;
import io.analogcomposer.engine.bench.BenchData;
import io.analogcomposer.engine.data.BatchLoader;
import io.analogcomposer.engine.data.Dataset;
import io.analogcomposer.engine.data.Datasets;
import io.analogcomposer.engine.experiment.CancellationToken;
import io.analogcomposer.engine.experiment.ModelBuilder;
import io.analogcomposer.engine.experiment.Trainer;
import io.analogcomposer.engine.experiment.TrainingListener;
import io.analogcomposer.engine.nn.Activation;
import io.analogcomposer.engine.nn.Flatten;
import io.analogcomposer.engine.nn.Loss;
import io.analogcomposer.engine.nn.Pool2d;
import io.analogcomposer.engine.nn.Sequential;
import io.analogcomposer.engine.optim.LrSchedule;
import io.analogcomposer.engine.optim.Optimizer;
import io.analogcomposer.engine.optim.Sgd;
import io.analogcomposer.engine.random.Rng;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Per-sample time of the convolutional training workloads of issue 25 on one thread, Fashion-MNIST: {@code hwa}
 * (the lenet5-training template: composer web preset, batch 64, SGD lr 0.05), {@code sgd} (LeNet5 trained in memory
 * on ReRamSB devices, plain SGD, batch 8, lr 0.1) and {@code mp} (the same with mixed precision). Arguments:
 * {@code [workloads=hwa,sgd,mp] [samples=2000] [epochs=3] [backend=java]}. Prints, per epoch, wall and thread CPU
 * milliseconds per sample (and the whole process's CPU time, JIT and GC included), the mean training loss (the check that two builds compute the same thing) and, in memory,
 * the device pulses per sample; then the process's peak resident memory. Epoch 1 includes the JIT warm-up; later
 * epochs are the steady state. Run it with {@code simulator-bench/bench main analog.bench.ConvEpochBench hwa 3000 3};
 * the table of {@code bench all} runs the same networks one per child JVM.
 */
public final class ConvEpochBench {
    private ConvEpochBench() {
    }

    /** Entry point. */
    public static void main(String[] argv) throws Exception {
        String[] a = String.join(" ", argv).trim().isEmpty()
                ? new String[0]
                : String.join(" ", argv).trim().split("\\s+");
        List<String> workloads = List.of((a.length > 0 ? a[0] : "hwa,sgd,mp").split(","));
        int n = a.length > 1 ? Integer.parseInt(a[1]) : 2000;
        int epochs = a.length > 2 ? Integer.parseInt(a[2]) : 3;
        String backend = a.length > 3 ? a[3] : "java"; // aimc simulate's and the workers' default
        AnalogLayerFactories.register();
        Dataset train = Datasets.load("fashion-mnist", BenchData.fashionMnist()).train().head(n);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (String w : workloads) {
            ComputeBackend be = ComputeBackends.byName(backend, 1);
            Sequential net;
            Optimizer opt;
            int batch;
            switch (w) {
                case "hwa" -> {
                    net = ModelBuilder.build(TrainTemplates.lenet5(true), 1, be);
                    opt = new Sgd(net.parameters(), 0.05);
                    batch = 64;
                }
                case "sgd", "mp" -> {
                    TrainingRpuConfig cfg = TrainingPresets.build(w.equals("sgd")
                            ? TrainingPresets.Algorithm.SGD
                            : TrainingPresets.Algorithm.MIXED_PRECISION, DevicePresets.get("ReRamSB"));
                    net = inMemoryLenet5(cfg, new Rng(1));
                    net.setBackend(be);
                    opt = new AnalogSgd(net, 0.1);
                    batch = 8;
                }
                default -> throw new IllegalArgumentException("workload must be hwa, sgd or mp, got " + w);
            }
            Trainer t = new Trainer(net, Loss.byName("nll"), opt, LrSchedule.constant());
            long pulses = 0;
            for (int e = 0; e < epochs; e++) {
                long c0 = mx.getCurrentThreadCpuTime(), t0 = System.nanoTime(), p0 = processCpu();
                double loss = t.trainEpoch(new BatchLoader(train, batch, true, 7 + e, false), e,
                        TrainingListener.NONE, CancellationToken.NONE);
                double wall = (System.nanoTime() - t0) / 1e6 / n, cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e6 / n;
                double proc = (processCpu() - p0) / 1e6 / n;
                long total = opt instanceof AnalogSgd sgd
                        ? sgd.analogLayers().stream().mapToLong(PulsedAnalogLinear::pulseCount).sum()
                        : 0;
                System.out.printf("%-4s batch %3d epoch %d: %.3f ms/sample wall, %.3f ms/sample CPU (%.3f with the JIT"
                        + " and GC threads), loss %.6f%s%n", w, batch, e + 1, wall, cpu, proc, loss,
                        total > 0 ? String.format(", %.0f device pulses/sample", (total - pulses) / (double) n) : "");
                pulses = total;
            }
        }
        System.out.println("peak RSS " + peakRss());
    }

    /** The composer's LeNet5 with in-memory (pulsed) layers. */
    public static Sequential inMemoryLenet5(TrainingRpuConfig cfg, Rng rng) {
        return new Sequential(List.of(
                new PulsedAnalogConv(1, 16, 5, 5, 1, 1, 0, 0, 1, 1, true, cfg, 512, 512, rng.split(1)),
                new Activation(Activation.Kind.TANH), new Pool2d(Pool2d.Kind.MAX, 2, 2, 0),
                new PulsedAnalogConv(16, 32, 5, 5, 1, 1, 0, 0, 1, 1, true, cfg, 512, 512, rng.split(2)),
                new Activation(Activation.Kind.TANH), new Pool2d(Pool2d.Kind.MAX, 2, 2, 0),
                new Activation(Activation.Kind.TANH),
                new Flatten(), new PulsedAnalogLinear(512, 128, true, cfg, rng.split(3)),
                new Activation(Activation.Kind.TANH), new PulsedAnalogLinear(128, 10, true, cfg, rng.split(4)),
                new Activation(Activation.Kind.LOG_SOFTMAX)));
    }

    /**
     * CPU time of the whole process: on a loaded machine the wall time of a run pinned to one core counts other
     * processes' time too, while the main thread's time leaves out the JIT compiler's (epoch 1); this is what one core
     * of its own would take.
     */
    private static long processCpu() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : 0;
    }

    private static String peakRss() throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmHWM")) {
                return l.substring(6).trim();
            }
        }
        return "unknown";
    }
}
