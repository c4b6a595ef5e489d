package io.analogcomposer.engine.analog.bench;

import io.analogcomposer.engine.analog.config.InferenceRpuConfig;
import io.analogcomposer.engine.analog.nn.AnalogLinear;
import io.analogcomposer.engine.analog.nn.AnalogNetworks;
import io.analogcomposer.engine.backend.BlasBackend;
import io.analogcomposer.engine.backend.ComputeBackend;
import io.analogcomposer.engine.backend.JavaBackend;
import io.analogcomposer.engine.nn.Activation;
import io.analogcomposer.engine.nn.Module;
import io.analogcomposer.engine.nn.Sequential;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Parallel;
import io.analogcomposer.engine.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The analog figures of issue 7 against AIHWKit's {@code timing.json}: the MLP 784-256-128-10 (sigmoid, log-softmax,
 * digital bias, AIHWKit's default inference configuration, so the 784-input layer spans two 512-input tiles) in eval
 * mode on 10,000 inputs x ~ U[0, 1): one forward of the whole batch; programming all weights; drift to one day with
 * global compensation. Medians of {@code reps} runs after a warm-up.
 */
public final class AnalogBench {
    private AnalogBench() {
    }

    /** Entry point; optional argument {@code quick} shortens the repetitions. */
    public static void main(String[] args) {
        boolean quick = args.length > 0 && args[0].equals("quick");
        int reps = quick ? 5 : 15;
        System.out.printf("cores=%d%n", Parallel.CORES);
        List<ComputeBackend> backends = new ArrayList<>();
        backends.add(new JavaBackend(Parallel.CORES));
        BlasBackend.create(Parallel.CORES).ifPresent(backends::add);
        Tensor x = Tensor.zeros(10_000, 784);
        new Rng(777).fillUniform(x.data(), 0, x.size(), 0f, 1f);
        for (ComputeBackend be : backends) {
            Module net = mlp(be);
            net.train(false);
            System.out.println(be.name() + ": forward, program, drift, program+drift, forward after drift");
            double fwd = median(reps, () -> net.forward(x));
            Rng r = new Rng(1);
            double prog = median(reps, () -> AnalogNetworks.program(net, r.split(1)));
            double drift = median(reps, () -> AnalogNetworks.drift(net, 86400, r.split(2)));
            double both = median(reps, () -> {
                AnalogNetworks.program(net, r.split(3));
                AnalogNetworks.drift(net, 86400, r.split(4));
            });
            double fwdDrifted = median(reps, () -> net.forward(x));
            System.out.printf("%-9s threads=%d forward(10000)=%.4f s  program=%.4f s  drift(1 d)=%.4f s  "
                    + "program+drift=%.4f s  forward after drift=%.4f s%n", be.name(), be.threads(), fwd, prog, drift,
                    both, fwdDrifted);
        }
        System.out.println("AIHWKit 1.0.0 (timing.json, median): forward 0.255 s (C++ tile) / 0.136 s (torch tile), "
                + "program 0.047 s / 0.036 s, drift after program 0.036 s / 0.036 s");
    }

    /** The MLP of AIHWKit's example 03 with the default inference configuration. */
    public static Module mlp(ComputeBackend be) {
        Rng init = new Rng(42);
        InferenceRpuConfig c = InferenceRpuConfig.DEFAULT;
        Sequential s = new Sequential(List.of(new AnalogLinear(784, 256, true, c, init.split(0)),
                new Activation(Activation.Kind.SIGMOID), new AnalogLinear(256, 128, true, c, init.split(1)),
                new Activation(Activation.Kind.SIGMOID), new AnalogLinear(128, 10, true, c, init.split(2)),
                new Activation(Activation.Kind.LOG_SOFTMAX)));
        s.setBackend(be);
        return s;
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS = (com.sun.management.OperatingSystemMXBean) ManagementFactory
            .getOperatingSystemMXBean();

    /** CPU time of every live thread of the JVM (main and the compute pool), in ns; exact to the scheduler's ns. */
    private static long cpuNanos() {
        long sum = 0;
        for (long id : THREADS.getAllThreadIds()) {
            long c = THREADS.getThreadCpuTime(id);
            sum += Math.max(c, 0);
        }
        return sum;
    }

    /**
     * Median wall time of {@code reps} runs after a warm-up (at least 1 s, so short operations are measured compiled). Also prints the median CPU time summed over all threads:
     * on a machine shared with other jobs the wall time is inflated, while CPU time / cores bounds the unloaded wall
     * time from below (and is what the engine itself spends).
     */
    private static double median(int reps, Runnable r) {
        // warm-up until the JIT has compiled the vector kernels: at least 3 runs and 1 s
        long until = System.nanoTime() + 1_000_000_000L;
        for (int i = 0; i < 3 || System.nanoTime() < until; i++) {
            r.run();
        }
        double[] t = new double[reps], cpu = new double[reps], proc = new double[reps];
        for (int i = 0; i < reps; i++) {
            long c0 = cpuNanos(), p0 = OS.getProcessCpuTime();
            long t0 = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - t0) / 1e9;
            cpu[i] = (cpuNanos() - c0) / 1e9;
            proc[i] = (OS.getProcessCpuTime() - p0) / 1e9;
        }
        Arrays.sort(t);
        Arrays.sort(cpu);
        Arrays.sort(proc);
        // JVM-thread CPU misses OpenBLAS's native threads; process CPU counts them but ticks in 10 ms steps
        System.out.printf("    (wall median %.4f s, min %.4f s; CPU of JVM threads median %.4f s (/%d = %.4f s); "
                + "process CPU median %.3f s)%n", t[reps / 2], t[0], cpu[reps / 2], Parallel.CORES,
                cpu[reps / 2] / Parallel.CORES, proc[reps / 2]);
        return t[reps / 2];
    }
}
