package io.analogcomposer.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WorkerPropertiesTest {

    @Test
    void acceptsTheThreeBackends() {
        for (String backend : new String[]{"cpu", "gpu", "hardware"}) {
            assertThat(WorkerProperties.defaults(backend).backend()).isEqualTo(backend);
        }
    }

    @Test
    void rejectsAnUnknownBackendNamingTheAllowedOnes() {
        assertThatThrownBy(() -> WorkerProperties.defaults("tpu")).hasMessageContaining("cpu, gpu, hardware")
                .hasMessageContaining("tpu");
    }

    @Test
    void rejectsZeroConcurrency() {
        assertThatThrownBy(() -> new WorkerProperties("cpu", 0, true, java.time.Duration.ofSeconds(1),
                java.time.Duration.ofSeconds(1), null, null, null, null)).hasMessageContaining("at least 1");
    }
}
