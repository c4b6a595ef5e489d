package io.analogcomposer.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.engine.backend.JavaBackend;
import io.analogcomposer.spec.catalogue.Catalogue;
import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.RunResult;
import io.analogcomposer.spec.validation.ValidationResult;
import io.analogcomposer.spec.validation.Validator;
import io.analogcomposer.worker.testing.TestJobs;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sequence layers trained in memory, submitted as the service would (validated and resolved; refused by name before
 * the engine had a pulsed update over time steps and tokens): the in-memory LSTM template on sequential Fashion-MNIST
 * and a tiny analog encoder on its 7×7 patches, every weight matrix on constant-step devices updated with pulses (analog SGD),
 * run through the worker's executor to completion. Both must learn: chance is 10 % (500 test images: ±1.3 points).
 */
class InMemorySequenceExecutorTest {

    private static final String DEVICE = """
            "rpu_config": {"type": "single", "device": {"type": "constant_step"}}""";

    private static RunResult run(String name, String inputShape, String layers, int epochs) throws Exception {
        String doc = """
                {"schema_version": 1, "kind": "training", "name": "%s", "seed": 1,
                 "dataset": {"name": "fashion-mnist", "max_train_samples": 2000, "max_test_samples": 500},
                 "network": {"input_shape": %s, "layers": [%s]}, %s,
                 "training": {"epochs": %d, "batch_size": 8, "optimizer": {"type": "analog_sgd", "lr": 0.1}}}"""
                .formatted(name, inputShape, layers, DEVICE, epochs);
        return run(name, SpecJson.mapper().readTree(doc), epochs);
    }

    private static RunResult run(String name, JsonNode doc, int epochs) throws Exception {
        ValidationResult v = Validator.standard().validate(doc.toString());
        assertThat(v.errors()).as(name).isEmpty();
        EngineTemplateInferenceTest.Recorder recorder = new EngineTemplateInferenceTest.Recorder();
        ExecutionOutcome outcome = new EngineExperimentExecutor(FoundDatasets.in(List.of()), new JavaBackend(2),
                new WeightTemplates((java.nio.file.Path) null))
                .execute(TestJobs.job(TestJobs.newRunId(name), Backend.CPU, v.resolved()), recorder);
        assertThat(outcome).as(name).isInstanceOf(ExecutionOutcome.Completed.class);
        assertThat(recorder.epochs).hasSize(epochs);
        return ((ExecutionOutcome.Completed) outcome).result();
    }

    /** The catalogue's in-memory LSTM template at smoke size (2,000 training and 500 test images, 2 epochs). */
    @Test
    void theInMemoryLstmTemplateTrainsThroughTheWorker() throws Exception {
        ObjectNode doc = (ObjectNode) Catalogue.get().template("lstm-sequential-training").orElseThrow().document()
                .deepCopy();
        ((ObjectNode) doc.path("dataset")).put("max_train_samples", 2000).put("max_test_samples", 500);
        assertThat(doc.at("/training/epochs").asInt()).isEqualTo(2);
        RunResult r = run("lstm-sequential-training", doc, 2);
        double accuracy = r.summary().get("test_accuracy");
        System.out.printf("in-memory LSTM template through the worker: %s%n", r.summary());
        // measured 0.630 (test loss 1.00); the full template: 0.761
        assertThat(accuracy).as("test accuracy of the in-memory LSTM").isGreaterThan(0.45);
    }

    @Test
    void aTinyEncoderTrainsInMemoryThroughTheWorker() throws Exception {
        RunResult r = run("pulsed-encoder", "[16, 49]", """
                {"type": "analog_linear", "out_features": 16}, {"type": "position_embedding"},
                {"type": "analog_encoder_block", "num_heads": 2, "dim_feedforward": 32}, {"type": "token_mean"},
                {"type": "analog_linear", "out_features": 10}, {"type": "log_softmax"}""", 1);
        double accuracy = r.summary().get("test_accuracy");
        System.out.printf("in-memory encoder through the worker: %s%n", r.summary());
        // measured 0.432 (test loss 1.51) after one epoch
        assertThat(accuracy).as("test accuracy of the in-memory encoder").isGreaterThan(0.30);
    }
}
