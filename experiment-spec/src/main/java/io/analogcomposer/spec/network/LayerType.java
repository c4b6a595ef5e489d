package io.analogcomposer.spec.network;

import io.analogcomposer.spec.meta.TypeTag;
import java.util.Set;

/**
 * Layer types, named after their PyTorch/AIHWKit classes in snake_case. Groups: {@code analog} (runs on analog
 * tiles), {@code linear}, {@code conv} (1-d and 2-d convolutions incl. transposed), {@code conv1d},
 * {@code conv2d}, {@code pool}, {@code batch_norm}, {@code activation}, {@code softmax}, {@code weighted}
 * (has trainable weights and a bias).
 */
public enum LayerType implements TypeTag {
    LINEAR("linear", "weighted"), CONV1D("conv", "conv1d", "weighted"), CONV2D("conv", "conv2d",
            "weighted"), CONV_TRANSPOSE2D("conv", "conv2d", "weighted", "transposed"), MAX_POOL2D("pool",
                    "max_pool"), AVG_POOL2D("pool"), BATCH_NORM1D("batch_norm"), BATCH_NORM2D(
                            "batch_norm"), DROPOUT(), FLATTEN(), RELU("activation"), LEAKY_RELU("activation"), SIGMOID(
                                    "activation"), TANH("activation"), SOFTMAX("activation", "softmax"), LOG_SOFTMAX(
                                            "activation", "softmax"), LOG_SIGMOID("activation"), ANALOG_LINEAR("analog",
                                                    "linear", "weighted"), ANALOG_CONV1D("analog", "conv", "conv1d",
                                                            "weighted"), ANALOG_CONV2D("analog", "conv", "conv2d",
                                                                    "weighted");

    private final Set<String> groups;

    LayerType(String... groups) {
        this.groups = Set.of(groups);
    }

    @Override
    public Set<String> groups() {
        return groups;
    }

    /** Whether the layer runs on analog tiles and takes an rpu_config. */
    public boolean analog() {
        return groups.contains("analog");
    }

    public boolean in(String group) {
        return groups.contains(group);
    }
}
