package io.analogcomposer.worker.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.analogcomposer.chip.ChipGeometry;
import io.analogcomposer.chip.emulator.EmulatedChip;
import io.analogcomposer.chip.emulator.EmulatorConfig;
import io.analogcomposer.chip.emulator.PcmPhysics;
import io.analogcomposer.spec.fusion.FusionCsv;
import io.analogcomposer.chip.server.ChipHttpServer;
import io.analogcomposer.messaging.Topology;
import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.experiment.ExperimentKind;
import io.analogcomposer.spec.experiment.ExperimentSpec;
import io.analogcomposer.spec.messages.HardwareResult;
import io.analogcomposer.spec.messages.RunArtifact;
import io.analogcomposer.spec.messages.RunCompleted;
import io.analogcomposer.spec.messages.RunEvent;
import io.analogcomposer.spec.messages.RunFailed;
import io.analogcomposer.spec.messages.RunProgress;
import io.analogcomposer.spec.messages.RunResult;
import io.analogcomposer.spec.validation.ValidationResult;
import io.analogcomposer.spec.validation.Validator;
import io.analogcomposer.testsupport.IsolatedServicesInitializer;
import io.analogcomposer.worker.hardware.run.HardwareExperimentExecutor;
import io.analogcomposer.worker.testing.Broker;
import io.analogcomposer.worker.testing.EventsProbe;
import io.analogcomposer.worker.testing.TestJobs;

/**
 * Hardware inference end to end: jobs from {@code jobs.hardware} on the real RabbitMQ, the worker programming an
 * emulated PCM chip over the real chip protocol (the emulator's HTTP server in this JVM), reading it back and
 * evaluating on the measured conductances.
 */
@SpringBootTest(properties = {"composer.worker.hardware.chip.chunk=64",
        "composer.worker.hardware.chip.retry-attempts=10", "composer.worker.hardware.chip.retry-first-backoff=100ms",
        "composer.worker.hardware.chip.retry-max-backoff=1s", "composer.worker.hardware.chip.g-max-us=25",
        "composer.worker.engine.threads=2"})
@ContextConfiguration(initializers = IsolatedServicesInitializer.class)
class HardwareInferenceTest {

    /** 16 word lines × 64 bit lines: 1,024 devices, enough for the small MLP, not for the large one. */
    private static final ChipGeometry GEOMETRY = new ChipGeometry(16, 64);
    /** Inputs of 3×3 pixels: synthetic classes overlap, so accuracy is well below 100 % and can show a difference. */
    private static final int FEATURES = 9;
    private static final Path STATE;
    private static final AtomicReference<EmulatedChip> CHIP = new AtomicReference<>();
    private static final AtomicReference<ChipHttpServer> SERVER = new AtomicReference<>();
    private static final int PORT;

    static {
        try {
            STATE = Files.createTempDirectory("hardware-test").resolve("chip.state");
            PORT = startChip(0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    Topology topology;

    private static EmulatorConfig config() {
        // clock frozen (advanced by the worker only), 1 % stuck devices
        return new EmulatorConfig("test-fusion", GEOMETRY, 17, STATE, 0, 4, PcmPhysics.DEFAULT.withStuckFraction(0.01));
    }

    private static int startChip(int port) throws IOException {
        EmulatedChip chip = new EmulatedChip(config());
        CHIP.set(chip);
        SERVER.set(ChipHttpServer.start(chip, "127.0.0.1", port));
        return SERVER.get().port();
    }

    @DynamicPropertySource
    static void chip(DynamicPropertyRegistry registry) {
        registry.add("composer.worker.hardware.chip.url", () -> "http://127.0.0.1:" + PORT);
    }

    @AfterAll
    static void stopChip() {
        SERVER.get().close();
    }

    /**
     * A small analog MLP (9 → {@code hidden} → 10) on synthetic data, trained two epochs, then read at 0 s, one
     * hour and one day after programming, resolved by the validator as the service sends it.
     */
    static ExperimentSpec spec(int hidden) {
        ValidationResult validation = Validator.standard().validate("""
                {"schema_version": 1, "kind": "hardware_inference", "name": "hardware test", "seed": 3,
                 "dataset": {"name": "synthetic", "validation_fraction": 0, "synthetic_classes": 10,
                             "synthetic_samples": 2000},
                 "network": {"input_shape": [1, 3, 3], "layers": [
                    {"type": "flatten"},
                    {"type": "analog_linear", "out_features": %d},
                    {"type": "relu"},
                    {"type": "analog_linear", "out_features": 10},
                    {"type": "log_softmax"}]},
                 "rpu_config": {"type": "inference"},
                 "training": {"epochs": 2, "batch_size": 16, "loss": "nll",
                              "optimizer": {"type": "analog_sgd", "lr": 0.05}},
                 "inference": {"t_inference": [0, 3600, 86400], "repetitions": 1, "batch_size": 64},
                 "backend": "hardware"}
                """.formatted(hidden));
        assertThat(validation.errors()).as("test document is valid").isEmpty();
        return validation.resolved();
    }

    private List<RunEvent> run(ExperimentSpec spec, String runId, Duration timeout) {
        Broker.publish(rabbit, topology.jobsExchange(), "hardware", TestJobs.job(runId, Backend.HARDWARE, spec),
                Map.of());
        return new EventsProbe(rabbit, topology.eventsQueue()).awaitTerminal(runId, timeout);
    }

    /** The devices the two layers need: one per weight, plus one per output for an analog bias. */
    private static long devices(ExperimentSpec spec, int hidden) {
        boolean analogBias = !Boolean.TRUE.equals(spec.network().layers().get(1).rpuConfig().mapping().digitalBias());
        int b = analogBias ? 1 : 0;
        return (long) hidden * (FEATURES + b) + 10L * (hidden + b);
    }

    @Test
    void programsTheChipReadsItBackAndEvaluatesOnTheMeasuredConductances() {
        ExperimentSpec spec = spec(32);
        long before = CHIP.get().health().programmedDevices();
        List<RunEvent> events = run(spec, TestJobs.newRunId("hw"), Duration.ofMinutes(3));

        assertThat(EventsProbe.names(events).getFirst()).isEqualTo("started");
        assertThat(events.getLast()).as("the run completes: %s", events.getLast()).isInstanceOf(RunCompleted.class);
        RunResult result = ((RunCompleted) events.getLast()).result();
        HardwareResult hw = result.hardware();
        System.out.printf("hardware run: accuracy %.3f on chip vs %.3f simulated, %.2f %% a day later; programming "
                + "error mean %.3f std %.3f µS (%.2f %% of g_max), %d failed of %d; conductance ratio after a day "
                + "%.3f%n", result.summary().get("test_accuracy"), result.summary().get("simulated_test_accuracy"),
                result.inference().getLast().avgAccuracy(), hw.meanErrorUs(), hw.stdErrorUs(),
                hw.normalizedErrorStdPercent(), hw.failedDevices(), hw.devices(),
                hw.readbacks().getLast().meanConductanceRatio());

        assertThat(result.kind()).isEqualTo(ExperimentKind.HARDWARE_INFERENCE);
        assertThat(result.epochs()).hasSize(2);
        // chip side: which chip, how much of it, how well programmed (PCM σ_prog is 0.26..1.06 µS over 0..25 µS)
        assertThat(hw.chipId()).isEqualTo("test-fusion");
        assertThat(hw.emulated()).isTrue();
        assertThat(hw.programmedAt()).isNotNull();
        assertThat(hw.gMaxUs()).isEqualTo(25.0);
        assertThat(hw.layers()).isEqualTo(2);
        assertThat(hw.devices()).isEqualTo(devices(spec, 32));
        assertThat(hw.chipDevices()).isEqualTo(GEOMETRY.devices());
        assertThat(hw.utilisation()).isEqualTo((double) hw.devices() / GEOMETRY.devices());
        assertThat(CHIP.get().health().programmedDevices() - before).isGreaterThanOrEqualTo(hw.devices() / 2);
        // at most the 1 % stuck devices and a few out of iterations (fewer once an earlier run found the stuck ones)
        assertThat(hw.failedDevices()).isLessThan(hw.devices() / 25);
        assertThat(hw.stdErrorUs()).isBetween(0.3, 1.2);
        assertThat(Math.abs(hw.meanErrorUs())).isLessThan(0.15);
        assertThat(hw.errorHistogram().counts().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(hw.devices() - hw.failedDevices());
        // below the bound every device is a scatter point
        assertThat(hw.scatterTargetUs()).hasSameSizeAs(hw.scatterProgrammedUs()).hasSize((int) hw.devices());
        assertThat(hw.scatterTargetUs()).allMatch(g -> g >= 0 && g <= 25.0);

        // drift measured on the chip: at t = 0 the reads match the targets, a day later PCM has lost conductance
        assertThat(hw.readbacks()).extracting(HardwareResult.Readback::tInference).containsExactly(0.0, 3600.0,
                86400.0);
        assertThat(hw.readbacks().get(2).sinceProgrammingS()).isGreaterThanOrEqualTo(86400.0);
        assertThat(hw.readbacks().getFirst().meanConductanceRatio()).isBetween(0.95, 1.05);
        assertThat(hw.readbacks().get(1).meanConductanceRatio()).isLessThan(0.95);
        assertThat(hw.readbacks().get(2).meanConductanceRatio()).isBetween(0.5, 0.9)
                .isLessThan(hw.readbacks().get(1).meanConductanceRatio());

        // accuracy on the chip: learned (10 classes) and close to the simulator's, drift compensated by the fit
        double chip = result.summary().get("test_accuracy");
        double simulated = result.summary().get("simulated_test_accuracy");
        assertThat(simulated).isGreaterThan(0.5);
        assertThat(chip).isGreaterThan(0.5).isCloseTo(simulated, org.assertj.core.data.Offset.offset(0.1));
        assertThat(result.inference()).extracting(RunResult.InferenceResult::tInference).containsExactly(0.0, 3600.0,
                86400.0);
        assertThat(result.inference().getFirst().avgAccuracy()).isEqualTo(100 * chip);
        assertThat(events).filteredOn(e -> e instanceof RunProgress p && p.tInference() != null).hasSize(3);

        // the programmed conductances come as a Fusion CSV of the two layers, listed in the result
        RunArtifact programmed = events.stream().filter(e -> e instanceof RunArtifact a
                && a.name().equals(HardwareExperimentExecutor.PROGRAMMED_CSV)).map(RunArtifact.class::cast)
                .findFirst().orElseThrow();
        FusionCsv csv = FusionCsv.parse(new String(programmed.content(), StandardCharsets.UTF_8));
        assertThat(csv.layers()).extracting(l -> l.name()).containsExactly("1", "3");
        assertThat(csv.layers().getFirst().height()).isEqualTo(32);
        assertThat(csv.totalWeights()).isEqualTo(hw.devices());
        // each row's largest |w| is programmed to g_max; only stuck devices read far above it
        long aboveGMax = csv.layers().stream().flatMapToDouble(l -> Arrays.stream(l.conductancesUs()))
                .filter(g -> g > 1.2 * 25).count();
        assertThat(aboveGMax).isLessThanOrEqualTo(hw.failedDevices());
        assertThat(csv.layers().getFirst().conductancesUs()).hasSize(32 * csv.layers().getFirst().width());
        assertThat(result.artifacts()).extracting(RunResult.Artifact::name).contains(
                HardwareExperimentExecutor.PROGRAMMED_CSV, HardwareExperimentExecutor.TARGETS_CSV);
    }

    @Test
    void aModelTooLargeForTheChipIsRefusedWithTheNumbersBeforeAnythingIsProgrammed() {
        ExperimentSpec spec = spec(128);
        long operations = CHIP.get().health().operations();
        List<RunEvent> events = run(spec, TestJobs.newRunId("hw-large"), Duration.ofSeconds(60));

        assertThat(events.getLast()).isInstanceOf(RunFailed.class);
        RunFailed failed = (RunFailed) events.getLast();
        assertThat(failed.code()).isEqualTo("invalid_experiment");
        assertThat(failed.reason()).contains("does not fit on chip test-fusion")
                .contains(String.format(java.util.Locale.ROOT, "needs %,d devices", devices(spec, 128)))
                // devices found failed by an earlier run of this class are excluded, and counted as such
                .containsPattern("16×64 chip has [0-9,]+ usable \\(1,024 devices, \\d+ excluded\\)");
        // refused before training (no epoch) and before programming (the chip did nothing)
        assertThat(events).noneMatch(e -> e instanceof RunProgress);
        assertThat(CHIP.get().health().operations()).isEqualTo(operations);
    }

    @Test
    void aChipControllerRestartMidJobIsRiddenOutAndTheRunCompletesOnce() throws Exception {
        ExperimentSpec spec = spec(32);
        EmulatedChip original = CHIP.get();
        long operations = original.health().operations();
        String runId = TestJobs.newRunId("hw-restart");
        Broker.publish(rabbit, topology.jobsExchange(), "hardware", TestJobs.job(runId, Backend.HARDWARE, spec),
                Map.of());
        // once a few program requests went through, the controller goes down and comes back from its state file
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (original.health().operations() < operations + 3 && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        SERVER.get().close();
        original.persist(); // waits for a request the controller was still serving, as a clean shutdown would
        long programmedBeforeRestart = original.health().operations() - operations;
        Thread.sleep(700);
        startChip(PORT);

        List<RunEvent> events = new EventsProbe(rabbit, topology.eventsQueue()).awaitTerminal(runId,
                Duration.ofMinutes(3));
        assertThat(events.getLast()).as("completes: %s", events.getLast()).isInstanceOf(RunCompleted.class);
        assertThat(events).filteredOn(e -> e instanceof RunCompleted).hasSize(1);
        assertThat(EventsProbe.names(events)).containsOnlyOnce("started");
        HardwareResult hw = ((RunCompleted) events.getLast()).result().hardware();
        System.out.printf("restart after %d program requests; error std %.3f µS, %d failed%n",
                programmedBeforeRestart, hw.stdErrorUs(), hw.failedDevices());
        assertThat(programmedBeforeRestart).as("the restart fell into programming").isLessThan(
                hw.devices() / 64);
        assertThat(hw.devices()).isEqualTo(devices(spec, 32));
        assertThat(hw.stdErrorUs()).isBetween(0.3, 1.2);
        assertThat(hw.failedDevices()).isLessThan(hw.devices() / 25);
    }
}
