package io.analogcomposer.worker.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.analogcomposer.tensor.TensorDevice;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Without a CUDA device and without allow-cpu the worker does not start, and says why and what to set. */
class GpuWorkerWithoutCudaTest {

    @Test
    void refusesToStartWithoutACudaDeviceUnlessTheCpuIsAllowed() {
        assumeFalse(TensorDevice.cudaAvailable(), "this machine has a CUDA device");
        assertThatThrownBy(() -> new SpringApplicationBuilder(GpuWorkerApplication.class)
                .properties("spring.main.web-application-type=none", "spring.rabbitmq.port=1",
                        "spring.rabbitmq.listener.simple.auto-startup=false")
                .run()).hasStackTraceContaining("no CUDA device found")
                .hasStackTraceContaining("composer.worker.gpu.allow-cpu=true");
        assertThat(TensorDevice.open(true).description()).contains("allow-cpu");
    }

    @Test
    void refusesToRunSeveralJobsOnOneDeviceUnlessConfigured() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(GpuWorkerApplication.class)
                .properties("spring.main.web-application-type=none", "spring.rabbitmq.port=1",
                        "spring.rabbitmq.listener.simple.auto-startup=false", "composer.worker.gpu.allow-cpu=true",
                        "composer.worker.concurrency=2")
                .run()).hasStackTraceContaining("composer.worker.concurrency=2")
                .hasStackTraceContaining("composer.worker.gpu.share-device=true");
    }
}
