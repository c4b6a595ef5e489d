package io.analogcomposer.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.engine.backend.JavaBackend;
import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.messages.RunResult;
import io.analogcomposer.worker.testing.TestJobs;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An in-memory training document of each algorithm family, submitted as the service would (validated and resolved),
 * runs through the executor to completion, reports every epoch and learns as far as TRAINING.md states for this
 * setup (seed 3, one thread: the same numbers on every run).
 * <p>
 * Why each floor is the stated accuracy minus 0.10: the test set has 100 samples, so an accuracy near 0.9 has a
 * binomial standard error of 0.03; 0.10 is about three of those, room for a change of random streams or summation
 * order to move the result, while an update that does not learn as the algorithm should (a wrong sign, a transfer
 * that never happens, a device step off by a factor) ends far lower: the 4-class task has 0.25 chance.
 */
class InMemoryTrainingExecutorTest {

    @TempDir
    Path emptyDir;

    /** A pulsed device with coarse steps, so a few hundred samples move the weights far enough to learn. */
    private static final String DEVICE = """
            {"type": "constant_step", "dw_min": 0.005, "w_max": 1.0, "w_min": -1.0}""";

    private static String config(String family) {
        String cells = "\"unit_cell_devices\": [" + DEVICE + ", " + DEVICE + "]";
        String device = switch (family) {
            case "sgd" -> DEVICE;
            case "tiki_taka" ->
                "{\"type\": \"transfer\", " + cells + ", \"transfer_every\": 1, \"units_in_mbatch\": false}";
            case "ttv2" -> "{\"type\": \"chopped_transfer\", " + cells + ", \"in_chop_prob\": 0, \"fast_lr\": 0.5, "
                    + "\"auto_scale\": true}";
            case "chopped_ttv2" -> "{\"type\": \"chopped_transfer\", " + cells + ", \"in_chop_prob\": 0.05, "
                    + "\"fast_lr\": 0.5, \"auto_scale\": true}";
            case "agad" -> "{\"type\": \"dynamic_transfer\", " + cells + ", \"in_chop_prob\": 0.2, \"fast_lr\": 0.1}";
            case "mixed_precision" -> "{\"type\": \"mixed_precision\", \"device\": " + DEVICE + "}";
            case "vector" -> "{\"type\": \"vector\", " + cells + ", \"update_policy\": \"single_random\"}";
            case "reference" -> "{\"type\": \"reference\", " + cells + "}";
            case "one_sided" -> "{\"type\": \"one_sided\", " + cells + ", \"refresh_every\": 1}";
            default -> throw new IllegalArgumentException(family);
        };
        return "\"rpu_config\": {\"type\": \"" + (family.equals("sgd") ? "single" : "unit_cell") + "\", \"device\": "
                + device + "}";
    }

    @Test
    void aConvolutionTrainsInMemoryToo() throws Exception {
        String rpu = config("sgd");
        String doc = SpecToEngineTrainingTest.document(rpu, 0.1, 3).replace("{\"type\": \"flatten\"},",
                "{\"type\": \"analog_conv2d\", \"out_channels\": 4, \"kernel_size\": 3, \"padding\": 1, " + rpu
                        + "}, {\"type\": \"flatten\"},");
        assertThat(doc).contains("analog_conv2d");
        var spec = SpecToEngineTrainingTest.resolved(doc);
        var executor = new EngineExperimentExecutor(FoundDatasets.onlyIn(List.of(emptyDir)),
                new JavaBackend(1));
        EngineExperimentExecutorTest.Recorder recorder = new EngineExperimentExecutorTest.Recorder();
        ExecutionOutcome outcome = executor.execute(TestJobs.job(TestJobs.newRunId("conv"), Backend.CPU, spec),
                recorder);
        assertThat(recorder.epochs).containsExactly(0, 1, 2);
        double accuracy = ((ExecutionOutcome.Completed) outcome).result().summary().get("test_accuracy");
        System.out.printf("conv: test %.3f%n", accuracy);
        assertThat(accuracy).as("in-memory conv test accuracy (TRAINING.md: 0.96)").isGreaterThan(0.96 - 0.10);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"sgd, 0.1, 0.96", "tiki_taka, 0.1, 0.95", "ttv2, 0.1, 0.94", "chopped_ttv2, 0.1, 0.90",
            "agad, 0.1, 0.63", "mixed_precision, 0.1, 0.94", "one_sided, 0.1, 0.94", "vector, 0.1, 0.86",
            "reference, 0.1, 0.98"})
    void aDocumentOfEachAlgorithmFamilyTrainsInAnalogToCompletionAndLearns(String family, double lr, double stated)
            throws Exception {
        var spec = SpecToEngineTrainingTest.resolved(SpecToEngineTrainingTest.document(config(family), lr, 3));
        var executor = new EngineExperimentExecutor(FoundDatasets.onlyIn(List.of(emptyDir)),
                new JavaBackend(1));
        EngineExperimentExecutorTest.Recorder recorder = new EngineExperimentExecutorTest.Recorder();

        ExecutionOutcome outcome = executor.execute(TestJobs.job(TestJobs.newRunId(family), Backend.CPU, spec),
                recorder);

        assertThat(outcome).isInstanceOf(ExecutionOutcome.Completed.class);
        assertThat(recorder.epochs).containsExactly(0, 1, 2);
        RunResult result = ((ExecutionOutcome.Completed) outcome).result();
        double accuracy = result.summary().get("test_accuracy");
        System.out.printf("%s: accuracy per epoch %s, test %.3f%n", family,
                recorder.metrics.stream().map(m -> String.format("%.2f", m.get("accuracy"))).toList(), accuracy);
        assertThat(accuracy).as("%s test accuracy (TRAINING.md: %.2f)", family, stated).isGreaterThan(stated - 0.10);
    }
}
