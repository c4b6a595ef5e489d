package io.analogcomposer.worker.hardware;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import io.analogcomposer.worker.WorkerConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;

/**
 * Runs hardware inference from {@code jobs.hardware} with the shared worker runtime: programs a PCM chip through the
 * local chip client, then simulates on the measured conductances. Until the chip path provides its own
 * {@code ExperimentExecutor} bean, jobs run on the engine's default executor, which ends hardware_inference runs
 * with an {@code unsupported} failure naming the kind.
 */
@SpringBootApplication
@Import(WorkerConfiguration.class)
@PropertySource("classpath:worker-hardware.properties")
public class HardwareWorkerApplication {

    public static void main(String[] args) {
        SpringApplication.run(HardwareWorkerApplication.class, args);
    }
}
