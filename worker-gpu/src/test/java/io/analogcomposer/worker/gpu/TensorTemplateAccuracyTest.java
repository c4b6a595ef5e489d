package io.analogcomposer.worker.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.engine.backend.JavaBackend;
import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.experiment.ExperimentSpec;
import io.analogcomposer.spec.messages.RunResult;
import io.analogcomposer.tensor.TensorDevice;
import io.analogcomposer.worker.engine.EngineExperimentExecutor;
import io.analogcomposer.worker.engine.ExecutionControl;
import io.analogcomposer.worker.engine.ExecutionOutcome;
import io.analogcomposer.worker.engine.ExperimentExecutor;
import io.analogcomposer.worker.engine.FoundDatasets;
import io.analogcomposer.worker.engine.WeightTemplates;
import io.analogcomposer.worker.testing.TestJobs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The LeNet5 inference template (HWA-trained weights, web preset, PCM-like drift, global compensation) evaluated over
 * time by the tensor program on DJL's CPU device and by the Java engine, on the same Fashion-MNIST test images: the
 * same accuracy at every time within the run-to-run spread of the noise.
 */
class TensorTemplateAccuracyTest {
    static TensorDevice device;

    @BeforeAll
    static void open() {
        device = TensorDevice.open(true);
    }

    @AfterAll
    static void close() {
        device.close();
    }

    static final ExecutionControl QUIET = new ExecutionControl() {
        @Override
        public boolean stopRequested() {
            return false;
        }

        @Override
        public void epochFinished(int step, int totalSteps, Map<String, Double> metrics) {
        }

        @Override
        public void inferenceTimeEvaluated(int index, int times, double t, int reps, Map<String, Double> m) {
        }

        @Override
        public void progressed(double fraction) {
        }
    };

    static List<RunResult.InferenceResult> run(ExperimentExecutor executor, ExperimentSpec spec) throws Exception {
        ExecutionOutcome outcome = executor.execute(TestJobs.job("acc", Backend.GPU, spec), QUIET);
        assertThat(outcome).isInstanceOf(ExecutionOutcome.Completed.class);
        return ((ExecutionOutcome.Completed) outcome).result().inference();
    }

    @Test
    void lenet5OverTimeHasTheJavaEnginesAccuracy() throws Exception {
        ExperimentSpec spec = TemplateJobs.lenet5(500, 2, 0, 3.15e7);
        long t0 = System.nanoTime();
        List<RunResult.InferenceResult> java = run(new EngineExperimentExecutor(FoundDatasets.in(List.of()),
                new JavaBackend(2), WeightTemplates.shipped()), spec);
        long t1 = System.nanoTime();
        List<RunResult.InferenceResult> tensor = run(new TensorExperimentExecutor(device,
                FoundDatasets.in(List.of()), new JavaBackend(2), WeightTemplates.shipped()), spec);
        long t2 = System.nanoTime();
        System.out.printf("LeNet5 template, 500 images, 2 times x 2 repetitions: Java engine %.1f s, tensor "
                + "program on %s %.1f s%n", (t1 - t0) / 1e9, device.name(), (t2 - t1) / 1e9);
        for (int k = 0; k < java.size(); k++) {
            RunResult.InferenceResult j = java.get(k), t = tensor.get(k);
            System.out.printf("t=%.0f s: tensor %.2f ± %.2f %%, Java %.2f ± %.2f %%%n", j.tInference(),
                    t.avgAccuracy(), t.stdAccuracy(), j.avgAccuracy(), j.stdAccuracy());
            // the same images, other noise draws: the means of 2 repetitions differ by the noise's spread only;
            // 1.5 points is about three standard errors of that spread measured here (0.3-0.7 points per run)
            double spread = Math.sqrt((t.stdAccuracy() * t.stdAccuracy() + j.stdAccuracy() * j.stdAccuracy()) / 2);
            assertThat(t.avgAccuracy()).as("accuracy at t=%s s", j.tInference()).isCloseTo(j.avgAccuracy(),
                    org.assertj.core.data.Offset.offset(Math.max(1.5, 4 * spread)));
        }
        assertThat(tensor.get(0).avgAccuracy()).as("LeNet5's accuracy, not chance").isGreaterThan(80.0);
    }
}
