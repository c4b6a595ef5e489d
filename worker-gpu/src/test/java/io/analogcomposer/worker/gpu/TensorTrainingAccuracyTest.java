package io.analogcomposer.worker.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.engine.backend.JavaBackend;
import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.experiment.ExperimentSpec;
import io.analogcomposer.spec.messages.RunResult;
import io.analogcomposer.tensor.TensorDevice;
import io.analogcomposer.worker.engine.EngineExperimentExecutor;
import io.analogcomposer.worker.engine.ExecutionOutcome;
import io.analogcomposer.worker.engine.ExperimentExecutor;
import io.analogcomposer.worker.engine.FoundDatasets;
import io.analogcomposer.worker.engine.WeightTemplates;
import io.analogcomposer.worker.testing.TestJobs;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The 3FC template (hardware-aware training with the web preset, then PCM programming and drift) on a Fashion-MNIST
 * subset, trained and evaluated by the tensor program on DJL's CPU device and by the Java engine with the same data and
 * seed: the same accuracy after training and over time within the spread of the noise.
 */
class TensorTrainingAccuracyTest {
    static TensorDevice device;

    @BeforeAll
    static void open() {
        device = TensorDevice.open(true);
    }

    @AfterAll
    static void close() {
        device.close();
    }

    static RunResult run(ExperimentExecutor executor, ExperimentSpec spec) throws Exception {
        ExecutionOutcome outcome = executor.execute(TestJobs.job("hwa", Backend.GPU, spec),
                TensorTemplateAccuracyTest.QUIET);
        assertThat(outcome).isInstanceOf(ExecutionOutcome.Completed.class);
        return ((ExecutionOutcome.Completed) outcome).result();
    }

    @Test
    void threeFcHardwareAwareTrainingHasTheJavaEnginesAccuracy() throws Exception {
        ExperimentSpec spec = TemplateJobs.threeFcHwa(4000, 1000, 2, 2, 0, 86400);
        long t0 = System.nanoTime();
        RunResult java = run(new EngineExperimentExecutor(FoundDatasets.in(List.of()), new JavaBackend(2),
                WeightTemplates.shipped()), spec);
        long t1 = System.nanoTime();
        RunResult tensor = run(new TensorExperimentExecutor(device, FoundDatasets.in(List.of()), new JavaBackend(2),
                WeightTemplates.shipped()), spec);
        long t2 = System.nanoTime();
        System.out.printf("3FC HWA template, 4,000 training images, 2 epochs, then 2 times x 2 repetitions on 1,000: "
                + "Java engine %.1f s, tensor program on %s %.1f s%n", (t1 - t0) / 1e9, device.name(),
                (t2 - t1) / 1e9);
        for (int e = 0; e < 2; e++) {
            var j = java.epochs().get(e).metrics();
            var t = tensor.epochs().get(e).metrics();
            System.out.printf("epoch %d: train loss tensor %.4f Java %.4f, test accuracy tensor %.4f Java %.4f, "
                    + "epoch time tensor %.2f s Java %.2f s%n", e + 1, t.get("train_loss"), j.get("train_loss"),
                    t.get("accuracy"), j.get("accuracy"), t.get("time_epoch"), j.get("time_epoch"));
        }
        for (int k = 0; k < java.inference().size(); k++) {
            RunResult.InferenceResult j = java.inference().get(k), t = tensor.inference().get(k);
            System.out.printf("t=%.0f s: tensor %.2f ± %.2f %%, Java %.2f ± %.2f %%%n", j.tInference(),
                    t.avgAccuracy(), t.stdAccuracy(), j.avgAccuracy(), j.stdAccuracy());
            // other noise draws in training and inference: 3 points is about three times the spread between seeds
            // of this small training measured here
            assertThat(t.avgAccuracy()).as("accuracy at t=%s s", j.tInference()).isCloseTo(j.avgAccuracy(),
                    Offset.offset(3.0));
        }
        assertThat(tensor.inference().get(0).avgAccuracy()).as("3FC's accuracy, not chance").isGreaterThan(65.0);
    }
}
