package io.analogcomposer.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * The GPU suite's run of {@link TensorOpsTest}: every comparison with the Java engine, on the CUDA device (only with
 * {@code mvn -Pgpu verify -Dgroups=gpu}; the default build excludes the tag). Fails, rather than skips, without CUDA:
 * that suite exists to run on a GPU.
 */
@Tag("gpu")
class TensorOpsOnCudaTest extends TensorOpsTest {

    @BeforeAll
    static void open() {
        device = TensorDevice.open(false);
        assertThat(device.isCuda()).isTrue();
        System.out.println("GPU suite on " + device.description());
    }
}
