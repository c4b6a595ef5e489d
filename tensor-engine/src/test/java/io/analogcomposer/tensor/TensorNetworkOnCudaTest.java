package io.analogcomposer.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/** The GPU suite's run of {@link TensorNetworkTest} on the CUDA device (see {@link TensorOpsOnCudaTest}). */
@Tag("gpu")
class TensorNetworkOnCudaTest extends TensorNetworkTest {

    @BeforeAll
    static void open() {
        device = TensorDevice.open(false);
        assertThat(device.isCuda()).isTrue();
    }
}
