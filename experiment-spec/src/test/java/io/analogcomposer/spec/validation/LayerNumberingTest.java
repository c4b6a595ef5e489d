package io.analogcomposer.spec.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Messages number layers as people and the editor do, from 1: the error at /network/layers/3 speaks of layer 4 and
 * of the layer before it as layer 3 (they used to count from 0 while the editor counted from 1).
 */
class LayerNumberingTest {

    @Test
    void aShapeMismatchNamesTheLayerAndItsPredecessorCountingFromOne() {
        ValidationResult result = Validator.standard().validate("""
                {"kind": "training", "dataset": {"name": "mnist"}, "training": {"epochs": 1},
                 "network": {"input_shape": [1, 28, 28], "layers": [
                   {"type": "analog_conv2d", "out_channels": 4, "kernel_size": 5},
                   {"type": "relu"},
                   {"type": "max_pool2d", "kernel_size": 2},
                   {"type": "analog_linear", "out_features": 10},
                   {"type": "log_softmax"}]}}""");
        assertThat(result.errors()).anySatisfy(issue -> {
            assertThat(issue.pointer()).startsWith("/network/layers/3");
            assertThat(issue.message()).startsWith("Layer 4 (analog_linear)").contains("layer 3 (max_pool2d)");
        });
    }
}
