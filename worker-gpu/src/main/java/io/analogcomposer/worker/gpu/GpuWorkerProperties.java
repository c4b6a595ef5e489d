package io.analogcomposer.worker.gpu;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The GPU worker's settings ({@code composer.worker.gpu.*}).
 *
 * @param allowCpu run the tensor program on DJL's CPU device when there is no CUDA device (development and CI);
 *                 without it such a worker refuses to start
 */
@ConfigurationProperties("composer.worker.gpu")
public record GpuWorkerProperties(@DefaultValue("false") boolean allowCpu) {}
