package io.analogcomposer.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.engine.backend.JavaBackend;
import io.analogcomposer.spec.catalogue.Catalogue;
import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.messages.RunResult;
import io.analogcomposer.spec.validation.ValidationResult;
import io.analogcomposer.spec.validation.Validator;
import io.analogcomposer.worker.testing.TestJobs;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * The catalogue's transformer template at smoke size through the worker's executor: Fashion-MNIST cut into 16
 * patches of 7×7 pixels (from the system dataset directory) trains hardware-aware through the analog patch
 * embedding, encoder block (attention projections and MLP on tiles) and classifier, is programmed and drifted for a
 * day, and learns something in one short epoch.
 */
class TransformerTemplateSmokeTest {

    @Test
    void theTransformerTemplateTrainsHardwareAwareAndIsEvaluatedAfterDrift() throws Exception {
        ObjectNode doc = (ObjectNode) Catalogue.get().template("transformer-patches-inference").orElseThrow().document()
                .deepCopy();
        ((ObjectNode) doc.path("dataset")).put("max_train_samples", 3000).put("max_test_samples", 300);
        ((ObjectNode) doc.path("training")).put("epochs", 1);
        ObjectNode inference = (ObjectNode) doc.path("inference");
        inference.put("repetitions", 2);
        inference.putArray("t_inference").add(0).add(86400);
        ValidationResult v = Validator.standard().validate(doc.toString());
        assertThat(v.errors()).isEmpty();

        EngineTemplateInferenceTest.Recorder recorder = new EngineTemplateInferenceTest.Recorder();
        ExecutionOutcome outcome = new EngineExperimentExecutor(FoundDatasets.in(List.of()), new JavaBackend(2),
                new WeightTemplates((java.nio.file.Path) null))
                .execute(TestJobs.job("transformer", Backend.CPU, v.resolved()), recorder);

        assertThat(outcome).isInstanceOf(ExecutionOutcome.Completed.class);
        assertThat(recorder.epochs).hasSize(1);
        RunResult result = ((ExecutionOutcome.Completed) outcome).result();
        assertThat(result.inference()).extracting(RunResult.InferenceResult::tInference).containsExactly(0.0,
                86400.0);
        assertThat(result.inference().get(0).avgAccuracy()).isLessThanOrEqualTo(100.0);
        // ten classes: chance is 10 % (300 images: ±1.7 points); 3,000 samples in one epoch lift it well above
        assertThat(result.inference().get(0).avgAccuracy()).isGreaterThan(25.0);
        assertThat(result.inference().get(1).avgAccuracy()).isGreaterThan(25.0);
    }
}
