package io.analogcomposer.engine.bench;

import io.analogcomposer.engine.analog.bench.AnalogBench;
import io.analogcomposer.engine.analog.bench.ConvEpochBench;
import io.analogcomposer.engine.analog.bench.TrainTemplates;
import io.analogcomposer.engine.analog.device.DeviceModel;
import io.analogcomposer.engine.analog.device.DevicePresets;
import io.analogcomposer.engine.analog.device.PulsedDeviceParameters;
import io.analogcomposer.engine.analog.nn.AnalogLayerFactories;
import io.analogcomposer.engine.analog.nn.AnalogNetworks;
import io.analogcomposer.engine.analog.update.AnalogSgd;
import io.analogcomposer.engine.analog.update.PulsedAnalogConv;
import io.analogcomposer.engine.analog.update.PulsedAnalogLinear;
import io.analogcomposer.engine.analog.update.SingleRpuConfig;
import io.analogcomposer.engine.analog.update.TrainingPresets;
import io.analogcomposer.engine.analog.update.TrainingRpuConfig;
import io.analogcomposer.engine.backend.ComputeBackend;
import io.analogcomposer.engine.backend.ComputeBackends;
import io.analogcomposer.engine.data.BatchLoader;
import io.analogcomposer.engine.data.Dataset;
import io.analogcomposer.engine.data.Datasets;
import io.analogcomposer.engine.data.SyntheticData;
import io.analogcomposer.engine.experiment.CancellationToken;
import io.analogcomposer.engine.experiment.ModelBuilder;
import io.analogcomposer.engine.experiment.Trainer;
import io.analogcomposer.engine.experiment.TrainingListener;
import io.analogcomposer.engine.nn.Activation;
import io.analogcomposer.engine.nn.BatchNorm;
import io.analogcomposer.engine.nn.Flatten;
import io.analogcomposer.engine.nn.Loss;
import io.analogcomposer.engine.nn.Module;
import io.analogcomposer.engine.nn.Pool2d;
import io.analogcomposer.engine.nn.Sequential;
import io.analogcomposer.engine.optim.LrSchedule;
import io.analogcomposer.engine.optim.Optimizer;
import io.analogcomposer.engine.optim.Sgd;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The workloads of issue 25's table, one per child JVM (started by {@link RunAll}): each measures its first run
 * (the JVM cold: class loading, interpreter, JIT) and its steady state (the median of the later runs), wall time and
 * process CPU time (JIT and GC threads included), and ends with one {@code RESULT} line that also carries the
 * process's peak resident memory (VmHWM), so every workload's memory is its own.
 */
public final class Workloads {
    /** The workload names, in the table's order. */
    public static final List<String> NAMES = List.of("mlp-forward", "program-drift", "pulsed-sgd", "lenet5-hwa",
            "lenet5-mp", "lenet5-sgd", "vgg8-mp");

    private static final com.sun.management.OperatingSystemMXBean OS = (com.sun.management.OperatingSystemMXBean) ManagementFactory
            .getOperatingSystemMXBean();

    private Workloads() {
    }

    /** What one workload measured; times in {@code unit}. */
    public record Result(String name, int threads, int samples, String unit, double first, double steady,
            double steadyCpu, long peakRssKiB) {
        /** The line the child prints and the parent parses. */
        public String line() {
            return String.format(java.util.Locale.ROOT, "RESULT %s %d %d %s %.6f %.6f %.6f %d", name, threads,
                    samples, unit, first, steady, steadyCpu, peakRssKiB);
        }

        /** Parses {@link #line()}. */
        public static Result parse(String line) {
            String[] f = line.trim().split(" ");
            return new Result(f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[4], Double.parseDouble(f[5]),
                    Double.parseDouble(f[6]), Double.parseDouble(f[7]), Long.parseLong(f[8]));
        }
    }

    /**
     * Runs one workload. {@code samples} is the training set size of the epoch workloads (0: the table's default);
     * {@code runs} the number of timed runs after the first (epochs for training, calls for the MLP).
     */
    public static Result run(String name, int threads, int samples, int runs) throws Exception {
        ComputeBackend be = ComputeBackends.byName("java", threads);
        Result r = switch (name) {
            case "mlp-forward" -> mlp(name, be, runs, true);
            case "program-drift" -> mlp(name, be, runs, false);
            case "pulsed-sgd" -> pulsedSgd(be, samples > 0 ? samples : 10_000, runs);
            case "lenet5-hwa", "lenet5-mp", "lenet5-sgd" -> lenet5(name, be, samples > 0 ? samples : 2000, runs);
            case "vgg8-mp" -> vgg8(be, samples > 0 ? samples : 1024, runs);
            default -> throw new IllegalArgumentException("unknown workload " + name + "; known: " + NAMES);
        };
        return new Result(r.name(), r.threads(), r.samples(), r.unit(), r.first(), r.steady(), r.steadyCpu(),
                peakRssKiB());
    }

    /** The MLP 784-256-128-10 of AIHWKit's timing: forward of 10,000 inputs, or program + drift to one day. */
    private static Result mlp(String name, ComputeBackend be, int runs, boolean forward) {
        Module net = AnalogBench.mlp(be);
        net.train(false);
        Tensor x = Tensor.zeros(10_000, 784);
        new Rng(777).fillUniform(x.data(), 0, x.size(), 0f, 1f);
        Rng r = new Rng(1);
        Runnable op = forward
                ? () -> net.forward(x)
                : () -> {
                    AnalogNetworks.program(net, r.split(3));
                    AnalogNetworks.drift(net, 86400, r.split(4));
                };
        double[] first = time(op);
        // warm-up until the vector kernels are compiled (at least 1 s), then the timed calls
        long until = System.nanoTime() + 1_000_000_000L;
        for (int i = 0; i < 3 || System.nanoTime() < until; i++) {
            op.run();
        }
        double[][] t = new double[runs][];
        for (int i = 0; i < runs; i++) {
            t[i] = time(op);
        }
        return new Result(name, be.threads(), 10_000, "s", first[0], median(t, 0), median(t, 1), 0);
    }

    /** Pulsed in-memory SGD, ConstantStep devices, the MLP with sigmoid, batch 10, lr 0.05, inputs U[0, 1). */
    private static Result pulsedSgd(ComputeBackend be, int n, int runs) {
        Rng data = new Rng(777);
        float[] x = new float[n * 784], y = new float[n];
        data.fillUniform(x, 0, x.length, 0f, 1f);
        for (int i = 0; i < n; i++) {
            y[i] = data.nextInt(10);
        }
        TrainingRpuConfig cfg = SingleRpuConfig.of(PulsedDeviceParameters.builder(DeviceModel.CONSTANT_STEP).build());
        Rng rng = new Rng(1);
        Sequential net = new Sequential(List.of(new PulsedAnalogLinear(784, 256, true, cfg, rng.split(1)),
                new Activation(Activation.Kind.SIGMOID), new PulsedAnalogLinear(256, 128, true, cfg, rng.split(2)),
                new Activation(Activation.Kind.SIGMOID), new PulsedAnalogLinear(128, 10, true, cfg, rng.split(3)),
                new Activation(Activation.Kind.LOG_SOFTMAX)));
        net.setBackend(be);
        AnalogSgd opt = new AnalogSgd(net, 0.05);
        Loss nll = Loss.byName("nll");
        int batch = 10;
        float[] xb = new float[batch * 784], yb = new float[batch];
        Runnable epoch = () -> {
            for (int b = 0; b < n / batch; b++) {
                System.arraycopy(x, b * batch * 784, xb, 0, batch * 784);
                System.arraycopy(y, b * batch, yb, 0, batch);
                Tensor out = net.forward(Tensor.wrap(xb, batch, 784));
                nll.forward(out, Tensor.wrap(yb, batch));
                net.backward(nll.backward());
                opt.step();
            }
        };
        double[] first = time(epoch);
        double[][] t = new double[runs][];
        for (int i = 0; i < runs; i++) {
            t[i] = time(epoch);
        }
        return new Result("pulsed-sgd", be.threads(), n, "s", first[0], median(t, 0), median(t, 1), 0);
    }

    /** LeNet5 on Fashion-MNIST: HWA (lenet5-training template, batch 64) or in memory on ReRamSB (batch 8). */
    private static Result lenet5(String name, ComputeBackend be, int n, int runs) throws Exception {
        AnalogLayerFactories.register();
        Dataset train = Datasets.load("fashion-mnist", BenchData.fashionMnist()).train().head(n);
        Sequential net;
        Optimizer opt;
        int batch;
        if (name.equals("lenet5-hwa")) {
            net = ModelBuilder.build(TrainTemplates.lenet5(true), 1, be);
            opt = new Sgd(net.parameters(), 0.05);
            batch = 64;
        } else {
            TrainingRpuConfig cfg = TrainingPresets.build(name.equals("lenet5-sgd")
                    ? TrainingPresets.Algorithm.SGD
                    : TrainingPresets.Algorithm.MIXED_PRECISION, DevicePresets.get("ReRamSB"));
            net = ConvEpochBench.inMemoryLenet5(cfg, new Rng(1));
            net.setBackend(be);
            opt = new AnalogSgd(net, 0.1);
            batch = 8;
        }
        return epochs(name, be, net, opt, train, batch, runs);
    }

    /** VGG8 (AIHWKit's example layout) trained in memory, mixed precision on ReRamSB, batch 128, synthetic 3x32x32. */
    private static Result vgg8(ComputeBackend be, int n, int runs) {
        Dataset train = SyntheticData.blobs("synthetic", n, new int[]{3, 32, 32}, 10, 0.3, 1);
        TrainingRpuConfig cfg = TrainingPresets.build(TrainingPresets.Algorithm.MIXED_PRECISION,
                DevicePresets.get("ReRamSB"));
        Rng rng = new Rng(1);
        List<Module> layers = new ArrayList<>();
        int in = 3, seed = 1;
        for (int out : new int[]{48, 96, 144}) {
            layers.add(conv3(in, out, cfg, rng.split(seed++)));
            layers.add(new Activation(Activation.Kind.RELU));
            layers.add(conv3(out, out, cfg, rng.split(seed++)));
            layers.add(new BatchNorm(out, true, 1e-5, 0.1));
            layers.add(new Activation(Activation.Kind.RELU));
            layers.add(new Pool2d(Pool2d.Kind.MAX, 2, 2, 0));
            in = out;
        }
        layers.add(new Flatten());
        layers.add(new PulsedAnalogLinear(2304, 384, true, cfg, rng.split(seed++)));
        layers.add(new Activation(Activation.Kind.RELU));
        layers.add(new PulsedAnalogLinear(384, 10, true, cfg, rng.split(seed)));
        layers.add(new Activation(Activation.Kind.LOG_SOFTMAX));
        Sequential net = new Sequential(layers);
        net.setBackend(be);
        return epochs("vgg8-mp", be, net, new AnalogSgd(net, 0.1), train, 128, runs);
    }

    private static PulsedAnalogConv conv3(int in, int out, TrainingRpuConfig cfg, Rng rng) {
        return new PulsedAnalogConv(in, out, 3, 3, 1, 1, 1, 1, 1, 1, true, cfg, 512, 512, rng);
    }

    /** One epoch cold, then {@code runs} epochs; ms per sample. */
    private static Result epochs(String name, ComputeBackend be, Sequential net, Optimizer opt, Dataset train,
            int batch, int runs) {
        Trainer t = new Trainer(net, Loss.byName("nll"), opt, LrSchedule.constant());
        int n = train.size();
        int[] epoch = {0};
        Runnable one = () -> {
            double loss = t.trainEpoch(new BatchLoader(train, batch, true, 7 + epoch[0], false), epoch[0],
                    TrainingListener.NONE, CancellationToken.NONE);
            System.out.printf("%s threads %d epoch %d: loss %.6f%n", name, be.threads(), ++epoch[0], loss);
        };
        double[] first = time(one);
        double[][] s = new double[runs][];
        for (int i = 0; i < runs; i++) {
            s[i] = time(one);
        }
        double ms = 1000.0 / n;
        return new Result(name, be.threads(), n, "ms/sample", first[0] * ms, median(s, 0) * ms, median(s, 1) * ms, 0);
    }

    /** {wall seconds, process CPU seconds} of one call. */
    private static double[] time(Runnable r) {
        long c0 = OS.getProcessCpuTime(), t0 = System.nanoTime();
        r.run();
        return new double[]{(System.nanoTime() - t0) / 1e9, (OS.getProcessCpuTime() - c0) / 1e9};
    }

    private static double median(double[][] t, int column) {
        if (t.length == 0) {
            return Double.NaN;
        }
        double[] v = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            v[i] = t[i][column];
        }
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** The process's peak resident set (VmHWM of /proc/self/status), in KiB; 0 where there is no /proc. */
    static long peakRssKiB() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
