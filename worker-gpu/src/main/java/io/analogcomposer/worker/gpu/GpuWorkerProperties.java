package io.analogcomposer.worker.gpu;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The GPU worker's settings ({@code composer.worker.gpu.*}).
 *
 * @param allowCpu run the tensor program on DJL's CPU device when there is no CUDA device (development and CI);
 *                 without it such a worker refuses to start
 * @param shareDevice    let several jobs share the one device ({@code composer.worker.concurrency} above 1); off by
 *                 default, since concurrent runs then compete for its memory and interleave its random generator
 * @param nativeCacheDir where PyTorch's natives are unpacked from their jar at the first start (DJL's engine cache;
 *                 about 0.5 GB for the CPU natives, 5 GB for CUDA's); unset: DJL's default under the user's home
 */
@ConfigurationProperties("composer.worker.gpu")
public record GpuWorkerProperties(@DefaultValue("false") boolean allowCpu, @DefaultValue("false") boolean shareDevice,
        java.nio.file.Path nativeCacheDir) {}
