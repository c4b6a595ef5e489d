package io.analogcomposer.worker.gpu;

import io.analogcomposer.engine.backend.ComputeBackends;
import io.analogcomposer.tensor.TensorDevice;
import io.analogcomposer.worker.WorkerConfiguration;
import io.analogcomposer.worker.WorkerProperties;
import io.analogcomposer.worker.engine.EngineProperties;
import io.analogcomposer.worker.engine.ExperimentExecutor;
import io.analogcomposer.worker.engine.FoundDatasets;
import io.analogcomposer.worker.engine.WeightTemplates;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;

/**
 * Runs experiments from {@code jobs.gpu} with the shared worker runtime and the simulator's tensor program on a CUDA
 * device (through DJL's PyTorch engine). Without a CUDA device it refuses to start, unless
 * {@code composer.worker.gpu.allow-cpu=true} (development, CI): then the same tensor program runs on DJL's CPU
 * device and every run says so. It never falls back to the pure-Java engine.
 */
@SpringBootApplication
@Import(WorkerConfiguration.class)
@PropertySource("classpath:worker-gpu.properties")
@EnableConfigurationProperties(GpuWorkerProperties.class)
public class GpuWorkerApplication {

    public static void main(String[] args) {
        SpringApplication.run(GpuWorkerApplication.class, args);
    }

    /** The device, opened once; the application does not start without one (or allow-cpu). */
    @Bean(destroyMethod = "close")
    TensorDevice tensorDevice(GpuWorkerProperties properties, WorkerProperties worker) {
        if (worker.concurrency() > 1 && !properties.shareDevice()) {
            throw new IllegalStateException("composer.worker.concurrency=" + worker.concurrency() + " would run "
                    + "several jobs on the one device; run more workers instead, or set "
                    + "composer.worker.gpu.share-device=true");
        }
        if (properties.nativeCacheDir() != null) {
            // DJL unpacks the natives from the jar on the class path into its engine cache (nothing is downloaded)
            System.setProperty("ENGINE_CACHE_DIR", properties.nativeCacheDir().toString());
        }
        return TensorDevice.open(properties.allowCpu());
    }

    @Bean
    ExperimentExecutor tensorExperimentExecutor(TensorDevice device, EngineProperties engine) {
        return new TensorExperimentExecutor(device, FoundDatasets.in(engine.datasetDirs()),
                ComputeBackends.byName(engine.computeBackend(), engine.threads()),
                WeightTemplates.standard(engine.composerTemplatesDir()),
                new io.analogcomposer.worker.engine.UploadedDatasetCache(engine.uploadCacheDir(),
                        engine.uploadCacheSize().toBytes()));
    }

    @Bean
    GpuDeviceHealth gpuDeviceHealthIndicator(TensorDevice device) {
        return new GpuDeviceHealth(device);
    }

    @Bean
    InfoContributor gpuDeviceInfo(TensorDevice device) {
        return builder -> builder.withDetail("device", Map.of("type", device.isCuda() ? "cuda" : "cpu", "name",
                device.name(), "memoryTotalBytes", device.totalMemoryBytes(), "cudaVersion", device.cudaVersion(),
                "driverVersion", device.driverVersion(), "description", device.description()));
    }

    /** Device memory as gauges ({@code composer_worker_device_memory_*_bytes}), tagged with the device. */
    @Bean
    Object gpuDeviceGauges(ObjectProvider<MeterRegistry> registry, TensorDevice device) {
        MeterRegistry r = registry.getIfAvailable();
        if (r != null) {
            String type = device.isCuda() ? "cuda" : "cpu";
            Gauge.builder("composer.worker.device.memory.total", device, TensorDevice::totalMemoryBytes)
                    .baseUnit("bytes").tag("device", type).tag("name", device.name())
                    .tag("cuda", device.cudaVersion()).register(r);
            Gauge.builder("composer.worker.device.memory.used", device, TensorDevice::usedMemoryBytes)
                    .baseUnit("bytes").tag("device", type).tag("name", device.name())
                    .tag("cuda", device.cudaVersion()).register(r);
        }
        return device;
    }
}
