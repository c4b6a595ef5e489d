package io.analogcomposer.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WorkerPropertiesTest {

    @Test
    void acceptsTheThreeBackends() {
        for (String backend : new String[]{"cpu", "gpu", "hardware"}) {
            assertThat(new WorkerProperties(backend, 1).backend()).isEqualTo(backend);
        }
    }

    @Test
    void rejectsAnUnknownBackendNamingTheAllowedOnes() {
        assertThatThrownBy(() -> new WorkerProperties("tpu", 1)).hasMessageContaining("cpu, gpu, hardware")
                .hasMessageContaining("tpu");
    }

    @Test
    void rejectsZeroConcurrency() {
        assertThatThrownBy(() -> new WorkerProperties("cpu", 0)).hasMessageContaining("at least 1");
    }
}
