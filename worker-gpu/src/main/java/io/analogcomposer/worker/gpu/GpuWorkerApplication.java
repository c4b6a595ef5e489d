package io.analogcomposer.worker.gpu;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import io.analogcomposer.worker.WorkerConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;

/**
 * Runs experiments on a CUDA GPU. Until the GPU backend lands it consumes nothing; it starts and reports health so deployments can already be wired.
 */
@SpringBootApplication
@Import(WorkerConfiguration.class)
@PropertySource("classpath:worker-gpu.properties")
public class GpuWorkerApplication {

    public static void main(String[] args) {
        SpringApplication.run(GpuWorkerApplication.class, args);
    }
}
