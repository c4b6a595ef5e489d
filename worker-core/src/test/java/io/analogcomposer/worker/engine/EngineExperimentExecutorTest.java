package io.analogcomposer.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.analogcomposer.engine.backend.JavaBackend;
import io.analogcomposer.spec.experiment.ExperimentSpec;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.RunJob;
import io.analogcomposer.spec.messages.RunResult;
import io.analogcomposer.worker.testing.TestJobs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineExperimentExecutorTest {

    @TempDir
    Path emptyDir;

    private EngineExperimentExecutor executor() {
        return new EngineExperimentExecutor(FoundDatasets.onlyIn(List.of(emptyDir)), new JavaBackend(2));
    }

    /** Records what the executor reports. */
    static final class Recorder implements ExecutionControl {
        final List<Integer> epochs = new ArrayList<>();
        final List<Map<String, Double>> metrics = new ArrayList<>();
        double fraction;
        int stopAfterEpochs = Integer.MAX_VALUE;

        @Override
        public boolean stopRequested() {
            return epochs.size() >= stopAfterEpochs;
        }

        @Override
        public void epochFinished(int step, int totalSteps, Map<String, Double> m) {
            epochs.add(step);
            metrics.add(m);
        }

        @Override
        public void inferenceTimeEvaluated(int index, int times, double t, int reps, Map<String, Double> m) {
            throw new AssertionError("training reports no inference times");
        }

        @Override
        public void progressed(double f) {
            assertThat(f).isGreaterThanOrEqualTo(fraction);
            fraction = f;
        }
    }

    @Test
    void trainsTheDocumentsNetworkReportingEveryEpochAndTheResultWithItsProvenance() throws Exception {
        Recorder recorder = new Recorder();
        ExecutionOutcome outcome = executor().execute(TestJobs.tiny("r", 2), recorder);

        assertThat(recorder.epochs).containsExactly(0, 1);
        assertThat(recorder.metrics.get(1)).containsKeys("train_loss", "accuracy", "valid_loss", "time_epoch");
        assertThat(recorder.fraction).isEqualTo(1.0);
        RunResult result = ((ExecutionOutcome.Completed) outcome).result();
        assertThat(result.epochs()).extracting(RunResult.EpochResult::epoch).containsExactly(0, 1);
        System.out.printf("tiny training: test accuracy %.4f, epochs %s%n", result.summary().get("test_accuracy"),
                recorder.metrics);
        // the synthetic classes are well apart: this network reaches 1.0 after its 2 epochs (measured); 0.9 leaves
        // room for other random streams, while a network that did not learn stays near the 0.1 of 10 classes
        assertThat(result.summary().get("test_accuracy")).isBetween(0.9, 1.0);
        // 784*16 + 16 + 16*10 + 10 weights and biases
        assertThat(result.summary().get("parameter_count")).isEqualTo(12730.0);
        assertThat(result.simulatorVersion()).isNotBlank();
    }

    @Test
    void stopsBetweenBatchesWhenAsked() throws Exception {
        Recorder recorder = new Recorder();
        recorder.stopAfterEpochs = 1;
        long t0 = System.nanoTime();
        ExecutionOutcome outcome = executor().execute(TestJobs.slow("r", 40), recorder);
        assertThat(outcome).isInstanceOf(ExecutionOutcome.Stopped.class);
        assertThat(recorder.epochs).containsExactly(0);
        System.out.printf("slow job: one epoch and a stop took %.2f s%n", (System.nanoTime() - t0) / 1e9);
    }

    @Test
    void aMissingDatasetFailsNamingWhereTheWorkerLooked() {
        ExperimentSpec spec = SpecJson.read(SpecJson.write(TestJobs.spec(1, 100, 8)).replace("\"synthetic\"",
                "\"fashion-mnist\"").replace("\"synthetic_samples\":100,", "").replace(",\"synthetic_classes\":10", "")
                .replace("\"synthetic_classes\":10,", ""), ExperimentSpec.class);
        RunJob job = TestJobs.job("r", io.analogcomposer.spec.experiment.Backend.CPU, spec);
        assertThatThrownBy(() -> executor().execute(job, new Recorder())).isInstanceOf(ExperimentFailure.class)
                .satisfies(e -> assertThat(((ExperimentFailure) e).code()).isEqualTo(FailureCode.DATASET_MISSING))
                .hasMessageContaining("fashion-mnist").hasMessageContaining(emptyDir.toString());
    }

    @Test
    void aNetworkThatDoesNotFitTheDataFailsAsInvalid() {
        ExperimentSpec spec = SpecJson.read(SpecJson.write(TestJobs.spec(1, 100, 8)).replace("\"out_features\":10",
                "\"out_features\":7"), ExperimentSpec.class);
        AtomicInteger unused = new AtomicInteger();
        assertThatThrownBy(() -> executor().execute(TestJobs.job("r", io.analogcomposer.spec.experiment.Backend.CPU,
                spec), new Recorder())).isInstanceOf(ExperimentFailure.class)
                .satisfies(e -> assertThat(((ExperimentFailure) e).code()).isEqualTo(FailureCode.INVALID_EXPERIMENT))
                .hasMessageContaining("10 classes");
        assertThat(unused.get()).isZero();
    }
}
