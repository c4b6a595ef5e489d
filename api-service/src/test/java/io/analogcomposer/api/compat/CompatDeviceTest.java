package io.analogcomposer.api.compat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * AIHWKit's {@code CloudRunner} asks for {@code device='gpu'} unless told otherwise: that must not queue a job on a GPU
 * nobody runs. It is automatic routing (a live GPU worker, else a CPU one); the other devices are taken as named.
 */
class CompatDeviceTest {

    @Test
    void theClientsDefaultGpuIsAutomaticRoutingAndTheOtherDevicesAreKept() {
        assertThat(CompatService.backend("gpu")).isEqualTo("auto");
        assertThat(CompatService.backend("cpu")).isEqualTo("cpu");
        assertThat(CompatService.backend("hardware")).isEqualTo("hardware");
        assertThat(CompatService.backend("auto")).isEqualTo("auto");
    }
}
