package io.analogcomposer.spec.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.analogcomposer.spec.experiment.ExperimentSpec;
import org.junit.jupiter.api.Test;

class MemoryEstimateTest {

    private static ExperimentSpec lenet(int batch) {
        ValidationResult r = Validator.standard().validate("""
                {"schema_version": 1, "kind": "training", "seed": 1,
                 "dataset": {"name": "fashion-mnist", "max_train_samples": 2000},
                 "network": {"input_shape": [1, 28, 28], "layers": [
                   {"type": "analog_conv2d", "out_channels": 16, "kernel_size": 5}, {"type": "tanh"},
                   {"type": "max_pool2d", "kernel_size": 2}, {"type": "flatten"},
                   {"type": "analog_linear", "out_features": 10}, {"type": "log_softmax"}]},
                 "training": {"epochs": 1, "batch_size": %d, "loss": "nll",
                              "optimizer": {"type": "analog_sgd", "lr": 0.05}}}
                """.formatted(batch));
        assertTrue(r.valid(), () -> r.errors().toString());
        return r.resolved();
    }

    @Test
    void theDatasetCountsWholeAsFloats() {
        // the engine reads the stored dataset whole (60,000 + 10,000 images of 784 values) before taking a subset
        assertEquals(4L * 784 * 70_000, MemoryEstimate.datasetBytes(lenet(8), Validator.standard().catalogue()));
    }

    @Test
    void theHeapGrowsWithTheBatchByTheValidatorsBatchFigureAndAQuarter() {
        var catalogue = Validator.standard().catalogue();
        long small = MemoryEstimate.heapBytes(lenet(8), catalogue), large = MemoryEstimate.heapBytes(lenet(1280),
                catalogue);
        // a training run evaluates each epoch in batches of 256: below that its own batch does not set the heap
        assertEquals(small, MemoryEstimate.heapBytes(lenet(256), catalogue));
        // conv output 16x24x24 + its patch rows 576x25, pool 16x12x12, flatten, linear 10 (the validator counts
        // element-wise activations as in place)
        long activations = 9216 + 14_400 + 2304 + 2304 + 10;
        long perBatch = MemoryEstimate.batchBytes(activations, 1024);
        assertEquals(perBatch + perBatch / 4, large - small, perBatch / 100.0);
        assertEquals(12L * activations * 1024, perBatch);
        assertTrue(small > MemoryEstimate.BASE_BYTES + 4L * 784 * 70_000);
    }
}
