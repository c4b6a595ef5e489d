package io.analogcomposer.engine.bench;

import io.analogcomposer.engine.backend.ComputeBackend;
import io.analogcomposer.engine.backend.ComputeBackends;
import io.analogcomposer.engine.experiment.CancellationToken;
import io.analogcomposer.engine.experiment.DatasetSpec;
import io.analogcomposer.engine.experiment.EpochMetrics;
import io.analogcomposer.engine.experiment.ExperimentRunner;
import io.analogcomposer.engine.experiment.LrScheduleSpec;
import io.analogcomposer.engine.experiment.NetworkTemplates;
import io.analogcomposer.engine.experiment.OptimizerSpec;
import io.analogcomposer.engine.experiment.RunResult;
import io.analogcomposer.engine.experiment.RunSpec;
import io.analogcomposer.engine.experiment.TrainingListener;
import io.analogcomposer.engine.experiment.TrainingSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Accuracy acceptance on real Fashion-MNIST (not a unit test: it needs the dataset and minutes of CPU): digital 3FC
 * for 10 epochs must reach at least 87 % test accuracy, digital LeNet5 for 10 epochs at least 89 %. Arguments:
 * {@code 3fc}, {@code lenet5} or none for both. Exits with status 1 if a target is missed.
 */
public final class Acceptance {
    private Acceptance() {
    }

    /** The 3FC run: SGD lr 0.05, batch size 10, 10 epochs, 10 % validation. */
    public static RunSpec threeFc() {
        return new RunSpec("3FC digital, Fashion-MNIST", 42, DatasetSpec.of("fashion-mnist", 0.1),
                NetworkTemplates.threeFc(),
                new TrainingSpec(10, 10, "nll", OptimizerSpec.sgd(0.05), LrScheduleSpec.constant()));
    }

    /** The LeNet5 run: SGD lr 0.01 with momentum 0.9, batch size 32, 10 epochs, 10 % validation. */
    public static RunSpec lenet5() {
        return new RunSpec("LeNet5 digital, Fashion-MNIST", 42, DatasetSpec.of("fashion-mnist", 0.1),
                NetworkTemplates.lenet5(),
                new TrainingSpec(10, 32, "nll", OptimizerSpec.sgd(0.01, 0.9), LrScheduleSpec.constant()));
    }

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "all";
        ComputeBackend backend = ComputeBackends.byName(System.getProperty("engine.backend", "java"), 0);
        List<String> failures = new ArrayList<>();
        if (which.equals("all") || which.equals("3fc")) {
            check(threeFc(), 0.87, backend, failures);
        }
        if (which.equals("all") || which.equals("lenet5")) {
            check(lenet5(), 0.89, backend, failures);
        }
        if (!failures.isEmpty()) {
            System.out.println("FAILED: " + failures);
            System.exit(1);
        }
        System.out.println("acceptance passed");
    }

    private static void check(RunSpec spec, double target, ComputeBackend backend, List<String> failures)
            throws Exception {
        System.out.println("== " + spec.name() + " on " + backend);
        ExperimentRunner runner = new ExperimentRunner(BenchData.fashionMnist(), backend);
        RunResult r = runner.run(spec, new TrainingListener() {
            @Override
            public void onEpoch(EpochMetrics m) {
                System.out.printf("epoch %2d  train loss %.4f  val loss %.4f  val acc %.2f %%  lr %.4g  %.1f s%n",
                        m.epoch(), m.trainLoss(), m.validationLoss(), 100 * m.validationAccuracy(), m.learningRate(),
                        m.seconds());
            }
        }, CancellationToken.NONE).result();
        System.out.printf("%s: test accuracy %.2f %% (target %.0f %%), total %.1f s%n", spec.name(),
                100 * r.testAccuracy(), 100 * target, r.totalSeconds());
        if (!(r.testAccuracy() >= target)) {
            failures.add(spec.name() + " " + String.format("%.2f %%", 100 * r.testAccuracy()));
        }
    }
}
