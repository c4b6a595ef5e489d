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
        junk.clear();
    }
}
