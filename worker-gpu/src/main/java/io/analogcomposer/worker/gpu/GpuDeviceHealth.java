package io.analogcomposer.worker.gpu;

import io.analogcomposer.tensor.TensorDevice;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** The worker's tensor device in {@code /actuator/health}: name, memory, CUDA and driver version. */
final class GpuDeviceHealth implements HealthIndicator {
    private final TensorDevice device;

    GpuDeviceHealth(TensorDevice device) {
        this.device = device;
    }

    @Override
    public Health health() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("type", device.isCuda() ? "cuda" : "cpu");
        d.put("name", device.name());
        d.put("memoryTotalBytes", device.totalMemoryBytes());
        d.put("memoryUsedBytes", device.usedMemoryBytes());
        d.put("cudaVersion", device.cudaVersion());
        d.put("driverVersion", device.driverVersion());
        d.put("description", device.description());
        return Health.up().withDetails(d).build();
    }
}
