package io.analogcomposer.worker;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What this worker process serves.
 *
 * @param backend the backend queue it consumes ({@code cpu}, {@code gpu} or {@code hardware}); each worker
 *        application sets its own
 * @param concurrency how many jobs it runs at the same time (each job takes one message, prefetch 1)
 */
@ConfigurationProperties("composer.worker")
public record WorkerProperties(String backend, @DefaultValue("1") int concurrency) {

    public WorkerProperties {
        if (backend == null || !java.util.List.of("cpu", "gpu", "hardware").contains(backend)) {
            throw new IllegalArgumentException(
                    "composer.worker.backend must be one of cpu, gpu, hardware; was " + backend);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("composer.worker.concurrency must be at least 1, was " + concurrency);
        }
    }
}
