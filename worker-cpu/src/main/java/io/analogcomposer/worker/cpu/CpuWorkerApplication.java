package io.analogcomposer.worker.cpu;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import io.analogcomposer.worker.WorkerConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;

/**
 * Runs experiments with the simulator engine on the CPU cores of this machine.
 */
@SpringBootApplication
@Import(WorkerConfiguration.class)
@PropertySource("classpath:worker-cpu.properties")
public class CpuWorkerApplication {

    public static void main(String[] args) {
        SpringApplication.run(CpuWorkerApplication.class, args);
    }
}
