package io.analogcomposer.worker.hardware;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import io.analogcomposer.worker.WorkerConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;

/**
 * Runs hardware inference: programs a PCM chip through the local chip client, then simulates on the measured conductances. Until that lands it starts and reports health.
 */
@SpringBootApplication
@Import(WorkerConfiguration.class)
@PropertySource("classpath:worker-hardware.properties")
public class HardwareWorkerApplication {

    public static void main(String[] args) {
        SpringApplication.run(HardwareWorkerApplication.class, args);
    }
}
