package io.analogcomposer.engine.bench;

import io.analogcomposer.engine.backend.BlasBackend;
import io.analogcomposer.engine.backend.ComputeBackend;
import io.analogcomposer.engine.backend.JavaBackend;
import io.analogcomposer.engine.data.BatchLoader;
import io.analogcomposer.engine.data.Dataset;
import io.analogcomposer.engine.data.Datasets;
import io.analogcomposer.engine.data.SyntheticData;
import io.analogcomposer.engine.experiment.CancellationToken;
import io.analogcomposer.engine.experiment.ModelBuilder;
import io.analogcomposer.engine.experiment.NetworkTemplates;
import io.analogcomposer.engine.experiment.Trainer;
import io.analogcomposer.engine.experiment.TrainingListener;
import io.analogcomposer.engine.nn.Loss;
import io.analogcomposer.engine.nn.Sequential;
import io.analogcomposer.engine.optim.LrSchedule;
import io.analogcomposer.engine.optim.Sgd;
import io.analogcomposer.engine.tensor.Parallel;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Digital training epochs per backend and thread count: the time and allocation of one 3FC epoch (10,000 samples,
 * batch size 10, SGD) and one LeNet5 epoch. The sgemm GFLOPS figure is JMH's {@code GemmBenchmark}. Run it with
 * {@code simulator-bench/bench main bench.Bench [quick]}.
 */
public final class Bench {
    private Bench() {
    }

    /** Entry point; optional argument {@code quick} shortens the repetitions. */
    public static void main(String[] args) throws Exception {
        boolean quick = args.length > 0 && args[0].equals("quick");
        System.out.printf("cores=%d, vector species=%s%n", Parallel.CORES,
                jdk.incubator.vector.FloatVector.SPECIES_PREFERRED);
        List<ComputeBackend> backends = new ArrayList<>();
        for (int t = 1; t <= Math.max(2, Parallel.CORES); t++) {
            backends.add(new JavaBackend(t));
            int threads = t;
            BlasBackend.create(threads).ifPresent(backends::add);
        }
        if (BlasBackend.unavailableReason() != null) {
            System.out.println("openblas unavailable: " + BlasBackend.unavailableReason());
        }
        Dataset data = threeFcData();
        System.out.println("== 3FC epoch: " + data.size() + " samples of " + data.name()
                + ", batch 10, SGD lr 0.05 (best of " + (quick ? 3 : 5) + " epochs after one warm-up epoch)");
        for (ComputeBackend b : backends) {
            epochBench(b, data, quick ? 3 : 5);
        }
        System.out.println("== LeNet5 epoch: " + data.size() + " samples, batch 32, SGD lr 0.01 momentum 0.9 (best of "
                + (quick ? 2 : 3) + " epochs after one warm-up epoch)");
        for (ComputeBackend b : backends) {
            if (b.name().equals("java")) {
                lenetBench(b, data, quick ? 2 : 3);
            }
        }
    }

    private static void lenetBench(ComputeBackend backend, Dataset data, int epochs) {
        Sequential net = ModelBuilder.build(NetworkTemplates.lenet5(), 1, backend);
        Trainer trainer = new Trainer(net, Loss.byName("nll"), new Sgd(net.parameters(), 0.01, 0.9, 0, 0, false),
                LrSchedule.constant());
        BatchLoader loader = new BatchLoader(data, 32, true, 1, false);
        trainer.trainEpoch(loader, 0, TrainingListener.NONE, CancellationToken.NONE);
        double best = Double.MAX_VALUE;
        for (int e = 1; e <= epochs; e++) {
            long t0 = System.nanoTime();
            trainer.trainEpoch(loader, e, TrainingListener.NONE, CancellationToken.NONE);
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        System.out.printf("%-9s threads=%d  %.3f s/epoch%n", backend.name(), backend.threads(), best);
    }

    private static Dataset threeFcData() {
        try {
            Dataset d = Datasets.load("fashion-mnist", BenchData.fashionMnist()).train().head(10_000);
            Datasets.Normalization n = Datasets.normalization("fashion-mnist");
            d.normalize(n.mean(), n.std());
            return d;
        } catch (Exception e) {
            System.out.println("(fashion-mnist not found, using synthetic data of the same shape: " + e.getMessage()
                    + ")");
            return SyntheticData.blobs("synthetic", 10_000, new int[]{1, 28, 28}, 10, 0.3, 1);
        }
    }

    private static void epochBench(ComputeBackend backend, Dataset data, int epochs) {
        Sequential net = ModelBuilder.build(NetworkTemplates.threeFc(), 1, backend);
        Trainer trainer = new Trainer(net, Loss.byName("nll"), new Sgd(net.parameters(), 0.05), LrSchedule.constant());
        BatchLoader loader = new BatchLoader(data, 10, true, 1, false);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        trainer.trainEpoch(loader, 0, TrainingListener.NONE, CancellationToken.NONE);
        double best = Double.MAX_VALUE, bestCpu = Double.MAX_VALUE, loss = 0;
        long allocated = 0;
        for (int e = 1; e <= epochs; e++) {
            long a0 = mx.getCurrentThreadAllocatedBytes();
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            loss = trainer.trainEpoch(loader, e, TrainingListener.NONE, CancellationToken.NONE);
            double s = (System.nanoTime() - t0) / 1e9;
            bestCpu = Math.min(bestCpu, (mx.getCurrentThreadCpuTime() - c0) / 1e9);
            allocated = mx.getCurrentThreadAllocatedBytes() - a0;
            best = Math.min(best, s);
        }
        // With one thread all work runs on this thread, so its CPU time is the epoch time without other processes'
        // interference (useful on a shared machine); with more threads only the wall time is meaningful.
        System.out.printf("%-9s threads=%d  %.3f s/epoch%s  (train loss %.4f, %.0f bytes allocated per batch)%n",
                backend.name(), backend.threads(), best,
                backend.threads() == 1 ? String.format(" (%.3f s CPU)", bestCpu) : "", loss,
                (double) allocated / loader.batches());
    }
}
