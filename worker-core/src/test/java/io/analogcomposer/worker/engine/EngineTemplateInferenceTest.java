package io.analogcomposer.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import tools.jackson.databind.node.ObjectNode;
import io.analogcomposer.engine.backend.JavaBackend;
import io.analogcomposer.engine.data.DatasetLocator;
import io.analogcomposer.spec.catalogue.Catalogue;
import io.analogcomposer.spec.catalogue.WeightTemplateInfo;
import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.experiment.ExperimentSpec;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.RunResult;
import io.analogcomposer.spec.validation.ValidationResult;
import io.analogcomposer.spec.validation.Validator;
import io.analogcomposer.worker.testing.TestJobs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Inference on pre-trained weight templates through the real executor: the catalogue's LeNet5 inference document with
 * each template the worker can load runs to completion without training, on the first 500 Fashion-MNIST test images
 * (from the system dataset directory), and its accuracy at programming time is near the template's reference.
 */
class EngineTemplateInferenceTest {

    /** The real composer's checkpoints, beside the project as CI has them (never needed at run time). */
    static final Path COMPOSER_DIR = Path.of("../../shared/reference/composer-templates");

    private static EngineExperimentExecutor executor(Path composerDir) {
        return new EngineExperimentExecutor(DatasetLocator.defaults(), new JavaBackend(2),
                new WeightTemplates(composerDir));
    }

    /** The catalogue's lenet5-inference document with another weight template, 500 test images, 2 times x 2 reps. */
    static String document(String template) {
        ObjectNode doc = (ObjectNode) Catalogue.get().template("lenet5-inference").orElseThrow().document().deepCopy();
        ((ObjectNode) doc.path("dataset")).put("max_test_samples", 500);
        ObjectNode inf = (ObjectNode) doc.path("inference");
        inf.put("weight_template", template);
        inf.put("repetitions", 2);
        inf.putArray("t_inference").add(0).add(86400);
        return doc.toString();
    }

    static ExperimentSpec resolved(String template) {
        ValidationResult v = Validator.standard().validate(document(template));
        assertThat(v.errors()).as("the document with %s is valid", template).isEmpty();
        return v.resolved();
    }

    /** Records progress and reports. */
    static final class Recorder implements ExecutionControl {
        final List<Integer> epochs = new ArrayList<>();
        int reports;
        double fraction;

        @Override
        public boolean stopRequested() {
            return false;
        }

        @Override
        public void epochFinished(int step, int totalSteps, Map<String, Double> m) {
            epochs.add(step);
        }

        @Override
        public void inferenceTimeEvaluated(int index, int times, double t, int reps, Map<String, Double> m) {
            reports++;
        }

        @Override
        public void progressed(double f) {
            assertThat(f).as("progress never goes back").isGreaterThanOrEqualTo(fraction);
            fraction = f;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ac-digital-trained-lenet5", "ac-hwa-trained-lenet5", "hwa-trained-lenet5",
            "digital-trained-lenet5", "hw-trained-lenet5"})
    void aTemplateRunEvaluatesThePretrainedWeightsWithoutTraining(String id) throws Exception {
        WeightTemplateInfo info = Catalogue.get().weightTemplate(id).orElseThrow();
        assertThat(info.referenceAccuracy()).as("the catalogue states %s's reference accuracy", id).isNotNull();
        Recorder recorder = new Recorder();
        long t0 = System.nanoTime();
        ExecutionOutcome outcome = executor(COMPOSER_DIR).execute(TestJobs.job("tpl", Backend.CPU, resolved(id)),
                recorder);
        double seconds = (System.nanoTime() - t0) / 1e9;

        assertThat(outcome).isInstanceOf(ExecutionOutcome.Completed.class);
        assertThat(recorder.epochs).as("pre-trained weights are not trained again").isEmpty();
        assertThat(recorder.reports).isEqualTo(2 * 2);
        assertThat(recorder.fraction).isEqualTo(1.0);
        RunResult result = ((ExecutionOutcome.Completed) outcome).result();
        assertThat(result.epochs()).isEmpty();
        assertThat(result.inference()).extracting(RunResult.InferenceResult::tInference).containsExactly(0.0,
                86400.0);
        double reference = 100 * info.referenceAccuracy();
        RunResult.InferenceResult atZero = result.inference().get(0), day = result.inference().get(1);
        System.out.printf("%s: 500 images, 2 times x 2 repetitions in %.1f s: %.1f %% at t=0, %.1f %% after a day "
                + "(reference %.1f %%)%n", id, seconds, atZero.avgAccuracy(), day.avgAccuracy(), reference);
        // 500 images: sampling std ~1.4 points; the web preset's noise costs ~1 point at t = 0
        assertThat(atZero.avgAccuracy()).as("%s accuracy at t=0 vs reference %.1f %%", id, reference)
                .isBetween(reference - 6, reference + 4);
        assertThat(day.avgAccuracy()).as("%s accuracy after a day (global compensation)", id)
                .isBetween(reference - 8, reference + 4);
    }

    @Test
    void withoutTheComposersFileTheProjectsOwnTemplateStandsInAndTheSummarySaysSo() throws Exception {
        ExperimentSpec spec = resolved("hwa-trained-lenet5");
        ExecutionOutcome outcome = executor(null).execute(TestJobs.job("tpl", Backend.CPU, spec), new Recorder());
        RunResult result = ((ExecutionOutcome.Completed) outcome).result();
        assertThat(result.summary()).containsEntry("weights_substituted", 1.0);
        // the stand-in is the project's HWA-trained LeNet5: its accuracy, not chance
        assertThat(result.inference().get(0).avgAccuracy()).isGreaterThan(70.0);
        assertThat(WeightTemplates.shipped().substituteFor("hwa-trained-lenet5")).contains("ac-hwa-trained-lenet5");
        assertThat(WeightTemplates.shipped().substituteFor("ac-hwa-trained-lenet5")).isEmpty();
    }

    @Test
    void templatesWithoutWeightsAndNetworksThatDoNotFitAreRefusedNamingTheProblem() {
        String vgg = document("ac-hwa-trained-lenet5").replace("\"ac-hwa-trained-lenet5\"", "\"hwa-trained-vgg8\"");
        ExperimentSpec vggSpec = SpecJson.read(vgg, ExperimentSpec.class);
        assertThatThrownBy(() -> executor(COMPOSER_DIR).execute(TestJobs.job("tpl", Backend.CPU, vggSpec),
                new Recorder())).isInstanceOf(ExperimentFailure.class).hasMessageContaining("hwa-trained-vgg8")
                .satisfies(e -> assertThat(((ExperimentFailure) e).code()).isEqualTo(FailureCode.UNSUPPORTED));

        // LeNet5's weights on a network whose first linear layer is wider: the executor names the misfit
        String wide = document("ac-digital-trained-lenet5").replace("\"out_features\":128", "\"out_features\":100");
        assertThat(wide).contains("\"out_features\":100");
        ExperimentSpec wideSpec = SpecJson.read(wide, ExperimentSpec.class);
        assertThatThrownBy(() -> executor(COMPOSER_DIR).execute(TestJobs.job("tpl", Backend.CPU, wideSpec),
                new Recorder())).isInstanceOf(ExperimentFailure.class).hasMessageContaining("does not fit")
                .hasMessageContaining("128")
                .satisfies(e -> assertThat(((ExperimentFailure) e).code())
                        .isEqualTo(FailureCode.INVALID_EXPERIMENT));
    }
}
