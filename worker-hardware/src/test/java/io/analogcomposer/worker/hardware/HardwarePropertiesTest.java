package io.analogcomposer.worker.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import io.analogcomposer.worker.hardware.chip.FusionConductanceConverter;

/** The chip settings bind from properties with documented defaults, and bad values name their key. */
class HardwarePropertiesTest {

    private static HardwareProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("composer.worker.hardware.chip", HardwareProperties.class);
    }

    private static Throwable rootCause(Throwable e) {
        while (e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    @Test
    void defaultsAreTheReadmesAndMakeAWorkingSetup() {
        HardwareProperties p = bind(Map.of());
        assertThat(p.url()).hasToString("http://127.0.0.1:7070");
        assertThat(p.gMaxUs()).isEqualTo(40.0);
        assertThat(p.reads()).isEqualTo(8);
        assertThat(p.converter().readback()).isEqualTo(FusionConductanceConverter.Readback.LEAST_SQUARES);
        assertThat(p.algorithm().maxIterations()).isEqualTo(20);
        assertThat(p.algorithm().toleranceUs()).isEqualTo(0.2);
        assertThat(p.retry().attempts()).isEqualTo(7);
        assertThat(p.maxWait()).isEqualTo(Duration.ZERO);
    }

    @Test
    void keysInKebabCaseSetTheChipUse() {
        HardwareProperties p = bind(Map.of("composer.worker.hardware.chip.url", "http://lab-host:7070",
                "composer.worker.hardware.chip.g-max-us", "25", "composer.worker.hardware.chip.reads", "16",
                "composer.worker.hardware.chip.readback", "programming-scale",
                "composer.worker.hardware.chip.retry-first-backoff", "200ms"));
        assertThat(p.converter().gMaxUs()).isEqualTo(25.0);
        assertThat(p.converter().readback()).isEqualTo(FusionConductanceConverter.Readback.PROGRAMMING_SCALE);
        assertThat(p.reads()).isEqualTo(16);
        assertThat(p.retry().firstBackoff()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void valuesOutsideTheChipsRangesAreRefusedWithTheirKey() {
        Map<String, String> bad = Map.of("g-max-us", "45", "reads", "0", "readback", "average", "tolerance-us", "9",
                "retry-attempts", "0", "url", "ftp://lab-host");
        Map<String, String> expected = Map.of("g-max-us", "g-max-us must be 10..40 µS", "reads", "reads must be 1..64",
                "readback", "readback must be least_squares or programming_scale", "tolerance-us",
                "algorithm.tolerance_us is 9.0, allowed 0.01..5.0",
                "retry-attempts", "retry-attempts / retry-*-backoff: attempts is 0", "url",
                "url must be an http(s) URL");
        bad.forEach((key, value) -> {
            Throwable error = org.assertj.core.api.Assertions
                    .catchThrowable(() -> bind(Map.of("composer.worker.hardware.chip." + key, value)));
            assertThat(rootCause(error).getMessage()).as(key).startsWith("composer.worker.hardware.chip.")
                    .contains(expected.get(key));
        });
    }
}
