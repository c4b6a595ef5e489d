package io.analogcomposer.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Arrays made from host values keep their values for as long as PyTorch uses them, whatever the JVM frees: a view of
 * such an array, read after the scope that made it has closed and after garbage collections that free direct buffers
 * (whose memory the allocator then hands out again, filled with other values), still reads the original values.
 */
class HostArraysTest {
    static TensorDevice device;

    @BeforeAll
    static void open() {
        device = TensorDevice.open(true);
    }

    @AfterAll
    static void close() {
        device.close();
    }

    @Test
    void aViewOutlivingItsScopeReadsTheHostValuesAfterTheJvmFreedBuffers() throws Exception {
        float[] values = new float[4096];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.25f;
        }
        try (NDManager state = device.manager().newSubManager()) {
            NDArray view;
            try (NDManager scope = state.newSubManager()) {
                NDArray a = HostArrays.copyOf(scope, values, new Shape(64, 64));
                view = a.transpose(); // shares a's storage
                view.attach(state);
            }
            for (int round = 0; round < 5; round++) {
                churnDirectMemory();
            }
            NDArray back = view.transpose();
            assertThat(back.toFloatArray()).as("the values PyTorch reads").containsExactly(values);
            values[0] = 42f;
            assertThat(back.toFloatArray()[0]).as("a copy, not the caller's array").isEqualTo(0f);
        }
    }

    /**
     * The sigmoid of a training forward keeps its exponent for the backward pass; garbage collections between the
     * forward and the backward (which free the direct buffers DJL lends for numbers) leave the gradient exact:
     * s·(1 − s) for every input, as before them.
     */
    @Test
    void anActivationsGradientIsExactAfterCollectionsBetweenForwardAndBackward() throws Exception {
        TensorNetwork.Step sigmoid = TensorNetwork.activation(
                new io.analogcomposer.engine.nn.Activation(io.analogcomposer.engine.nn.Activation.Kind.SIGMOID));
        float[] xs = new float[256];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = (i - 128) / 16f;
        }
        try (NDManager scope = device.manager().newSubManager()) {
            NDArray x = HostArrays.copyOf(scope, xs, new Shape(16, 16));
            x.setRequiresGradient(true);
            try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getEngine(TensorDevice.ENGINE)
                    .newGradientCollector()) {
                NDArray y = sigmoid.forward(x);
                for (int round = 0; round < 5; round++) {
                    churnDirectMemory();
                }
                gc.backward(y.sum());
            }
            float[] g = x.getGradient().toFloatArray();
            for (int i = 0; i < xs.length; i++) {
                double s = 1 / (1 + Math.exp(-xs[i]));
                assertThat((double) g[i]).as("d sigmoid / dx at %s", xs[i]).isCloseTo(s * (1 - s),
                        org.assertj.core.data.Offset.offset(1e-6));
            }
        }
    }

    /** Frees unreachable direct buffers (and lets the allocator reuse their memory for buffers full of NaN). */
    private static void churnDirectMemory() throws InterruptedException {
        System.gc();
        Thread.sleep(50);
        List<ByteBuffer> junk = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(4096 * 4);
            while (b.remaining() >= 4) {
                b.putFloat(Float.NaN);
            }
            junk.add(b);
        }
        // and many small ones, the size DJL lends for a number
        for (int i = 0; i < 20_000; i++) {
            junk.add(ByteBuffer.allocateDirect(4).putFloat(0, Float.NaN));
        }
        junk.clear();
    }
}
