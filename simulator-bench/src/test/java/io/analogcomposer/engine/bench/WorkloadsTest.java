package io.analogcomposer.engine.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bench command's plumbing: a small workload in-process, the child's result line, the table, JMH's list. */
class WorkloadsTest {
    @Test
    void aSmallPulsedSgdEpochReportsTimesAndPeakMemory() throws Exception {
        Workloads.Result r = Workloads.run("pulsed-sgd", 1, 100, 1);
        assertThat(r.name()).isEqualTo("pulsed-sgd");
        assertThat(r.samples()).isEqualTo(100);
        assertThat(r.first()).isPositive();
        assertThat(r.steady()).isPositive();
        assertThat(r.steadyCpu()).isPositive();
        // VmHWM of this JVM: at least the 10,000 x 784 floats are not there, but the JVM itself is tens of MB
        assertThat(r.peakRssKiB()).isGreaterThan(10_000);
    }

    @Test
    void theResultLineRoundTrips() {
        Workloads.Result r = new Workloads.Result("vgg8-mp", 2, 256, "ms/sample", 61.25, 40.5, 39.75, 1_782_000);
        assertThat(Workloads.Result.parse(r.line())).isEqualTo(r);
    }

    @Test
    void theTablePutsAihwkitBesideOursWithTheRatio() {
        String t = RunAll.table(List.of(new Workloads.Result("lenet5-mp", 1, 500, "ms/sample", 3.08, 0.77, 0.80,
                235_929)), 2, true);
        // AIHWKit 1.45-1.63 ms/sample (mid 1.54): 1.54 / 0.77 = 2x, by CPU 1.54 / 0.80; its 0.46 GB against our 0.225 GB
        assertThat(t).contains("| lenet5-mp | 1 | 500 | ms/sample | 3.0800 | 0.7700 | 0.8000 | 0.22 GB | "
                + "1.45-1.63 ms (1 core) | 2.00x | 1.93x | 0.50x | 0.46 GB | 2.04x |");
    }

    @Test
    void anUnknownWorkloadIsRefusedByName() {
        assertThatThrownBy(() -> Workloads.run("resnet", 1, 0, 1)).hasMessageContaining("unknown workload resnet");
    }

    @Test
    void jmhFindsTheMicrobenchmarks() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/META-INF/BenchmarkList")) {
            assertThat(in).isNotNull();
            String list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(list).contains("AnalogMlpBenchmark", "GemmBenchmark", "PulsedSgdBatchBenchmark");
        }
    }
}
