package io.analogcomposer.engine.nn;

import io.analogcomposer.engine.tensor.Tensor;

/**
 * A trainable tensor and its gradient. A layer's backward pass overwrites {@link #grad()} (layers are not shared, so
 * gradients need no accumulation or zeroing between steps).
 */
public final class Parameter {
    private final String name;
    private final Tensor value;
    private final Tensor grad;

    /** A parameter named {@code name} (e.g. {@code weight}) over {@code value}, with a zero gradient of equal shape. */
    public Parameter(String name, Tensor value) {
        this.name = name;
        this.value = value;
        this.grad = Tensor.zeros(value.shape());
    }

    /** Local name within its module, e.g. {@code weight} or {@code bias}. */
    public String name() {
        return name;
    }

    /** The current value. */
    public Tensor value() {
        return value;
    }

    /** The gradient from the last backward pass. */
    public Tensor grad() {
        return grad;
    }
}
