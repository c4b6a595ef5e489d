package io.analogcomposer.engine.data;

import io.analogcomposer.engine.tensor.Tensor;

/**
 * One mini-batch: inputs {@code [B, ...]}, class labels, and the loss target (class numbers as floats, or one-hot
 * rows for losses that compare tensors). The loader reuses the same object and buffers for every batch.
 */
public final class Batch {
    Tensor inputs;
    Tensor targets;
    int[] labels = new int[0];
    int size;

    /** The inputs. */
    public Tensor inputs() {
        return inputs;
    }

    /** The loss targets. */
    public Tensor targets() {
        return targets;
    }

    /** Label of sample {@code i} of this batch. */
    public int label(int i) {
        return labels[i];
    }

    /** Number of samples. */
    public int size() {
        return size;
    }
}
