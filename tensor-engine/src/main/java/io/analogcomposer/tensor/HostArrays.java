package io.analogcomposer.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;

/**
 * Host values copied into arrays whose memory PyTorch owns.
 *
 * <p>Why not {@code manager.create(float[])} directly: on the CPU device DJL copies the values into a direct
 * {@code ByteBuffer} and lends PyTorch that buffer's memory ({@code from_blob}); only the Java wrapper's reference keeps
 * it alive. Once the wrapper is closed (its scope ends) the JVM frees the memory at a later garbage collection, at a
 * moment no one controls, while views of it, tensors autograd saved, or parameters updated in place may still point
 * there. Training on DJL's CPU device then failed now and then with NaN gradients or weights turned to garbage
 * (see {@link #scalar} for the same hazard in DJL's number overloads).
 * A clone has storage of PyTorch's own, reference-counted like every other tensor, and the borrowed buffer is closed
 * at once.
 */
final class HostArrays {
    private HostArrays() {
    }

    /** {@code values} as an array of {@code shape} in {@code manager}, in memory PyTorch owns. */
    static NDArray copyOf(NDManager manager, float[] values, Shape shape) {
        try (NDArray lent = manager.create(values, shape)) {
            return lent.duplicate();
        }
    }

    /** The first {@code shape.size()} values of {@code values}, as {@link #copyOf(NDManager, float[], Shape)}. */
    static NDArray copyOf(NDManager manager, FloatBuffer values, Shape shape) {
        try (NDArray lent = manager.create(values, shape)) {
            return lent.duplicate();
        }
    }

    /**
     * One value as a 0-dimensional array PyTorch allocated itself ({@code torch.full}), for every operation on a tensor
     * whose gradient is needed. DJL's number overloads ({@code x.mul(2f)}, {@code x.maximum(0f)}, {@code x.pow(-1)},
     * {@code x.div(n)}) wrap the number in an array lent from a direct buffer and close it right after the operation,
     * but autograd keeps that array for the backward pass (the exponent of a power, the divisor of a quotient, the
     * other side of a maximum), which then reads memory the JVM may have freed and reused in the meantime: NaN or
     * garbage gradients a few dozen batches into an epoch, at the first garbage collection.
     */
    static NDArray scalar(NDManager manager, float value) {
        return manager.full(new Shape(), value, ai.djl.ndarray.types.DataType.FLOAT32);
    }
}
