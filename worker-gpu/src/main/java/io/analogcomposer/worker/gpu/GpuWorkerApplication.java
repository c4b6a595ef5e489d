package io.analogcomposer.worker.gpu;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import io.analogcomposer.worker.WorkerConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;

/**
 * Runs experiments from {@code jobs.gpu} with the shared worker runtime. Until the engine has a CUDA compute backend
 * it computes on the engine's CPU backend (same results, slower), so runs routed to the GPU still complete.
 */
@SpringBootApplication
@Import(WorkerConfiguration.class)
@PropertySource("classpath:worker-gpu.properties")
public class GpuWorkerApplication {

    public static void main(String[] args) {
        SpringApplication.run(GpuWorkerApplication.class, args);
    }
}
