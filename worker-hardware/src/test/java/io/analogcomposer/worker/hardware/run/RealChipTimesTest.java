package io.analogcomposer.worker.hardware.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.analogcomposer.chip.ChipGeometry;
import io.analogcomposer.chip.client.ChipClient;
import io.analogcomposer.chip.emulator.EmulatedChip;
import io.analogcomposer.chip.emulator.EmulatorConfig;
import io.analogcomposer.chip.protocol.ChipController;
import io.analogcomposer.chip.protocol.ChipHealth;
import io.analogcomposer.chip.protocol.ChipIdentity;
import io.analogcomposer.chip.protocol.HistoryRequest;
import io.analogcomposer.chip.protocol.HistoryResult;
import io.analogcomposer.chip.protocol.ProgramRequest;
import io.analogcomposer.chip.protocol.ProgramResult;
import io.analogcomposer.chip.protocol.ReadRequest;
import io.analogcomposer.chip.protocol.ReadResult;
import io.analogcomposer.chip.protocol.ResetRequest;
import io.analogcomposer.chip.protocol.ResetResult;
import io.analogcomposer.chip.server.ChipHttpServer;
import io.analogcomposer.engine.backend.JavaBackend;
import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.messages.HardwareResult;
import io.analogcomposer.spec.messages.RunResult;
import io.analogcomposer.spec.validation.ValidationResult;
import io.analogcomposer.spec.validation.Validator;
import io.analogcomposer.worker.engine.ExecutionControl;
import io.analogcomposer.worker.engine.ExecutionOutcome;
import io.analogcomposer.worker.hardware.HardwareProperties;
import io.analogcomposer.worker.testing.TestJobs;

/**
 * A real chip's clock cannot be advanced: the worker waits for later inference times up to {@code max-wait} and
 * leaves the ones further out of the result. Played by the emulator behind a controller that says it is real.
 */
class RealChipTimesTest {

    private ChipHttpServer server;
    private ChipClient client;

    /** The emulator's physics behind a controller that identifies as a real chip (so advance-time is refused). */
    private record RealChip(EmulatedChip chip) implements ChipController {
        @Override
        public ChipIdentity identity() {
            ChipIdentity i = chip.identity();
            return new ChipIdentity(i.protocolVersion(), i.chipId(), "lab-firmware/2", i.wordLines(), i.bitLines(),
                    i.maxTargetUs(), i.maxReads(), false);
        }

        @Override
        public ChipHealth health() {
            return chip.health();
        }

        @Override
        public ProgramResult program(ProgramRequest request) {
            return chip.program(request);
        }

        @Override
        public ReadResult read(ReadRequest request) {
            return chip.read(request);
        }

        @Override
        public ResetResult reset(ResetRequest request) {
            return chip.reset(request);
        }

        @Override
        public HistoryResult history(HistoryRequest request) {
            return chip.history(request);
        }
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private RunResult run(String times, Duration maxWait) throws Exception {
        // a real-time clock, as a real chip has
        EmulatorConfig config = new EmulatorConfig("lab-chip", new ChipGeometry(16, 64), 3, null, 1.0, 4, null);
        server = ChipHttpServer.start(new RealChip(new EmulatedChip(config)), "127.0.0.1", 0);
        client = ChipClient.connect(URI.create("http://127.0.0.1:" + server.port()));
        HardwareProperties properties = new HardwareProperties(client.base(), Duration.ofSeconds(30), 25, 4,
                "least_squares", 20, 0.2, 256, 1, Duration.ZERO, Duration.ZERO, maxWait, "");
        HardwareExperimentExecutor executor = new HardwareExperimentExecutor(
                io.analogcomposer.engine.data.DatasetLocator.none(),
                new JavaBackend(2), client, properties);
        ValidationResult validation = Validator.standard().validate("""
                {"kind": "hardware_inference", "seed": 2,
                 "dataset": {"name": "synthetic", "synthetic_classes": 10, "synthetic_samples": 300},
                 "network": {"input_shape": [1, 3, 3], "layers": [{"type": "flatten"},
                   {"type": "analog_linear", "out_features": 16}, {"type": "relu"},
                   {"type": "analog_linear", "out_features": 10}, {"type": "log_softmax"}]},
                 "training": {"epochs": 1, "batch_size": 16}, "inference": {"t_inference": %s, "repetitions": 1}}
                """.formatted(times));
        assertThat(validation.errors()).isEmpty();
        List<Double> reported = new ArrayList<>();
        ExecutionControl control = new ExecutionControl() {
            @Override
            public boolean stopRequested() {
                return false;
            }

            @Override
            public void epochFinished(int step, int totalSteps, Map<String, Double> metrics) {
            }

            @Override
            public void inferenceTimeEvaluated(int index, int n, double t, int repetitionsDone,
                    Map<String, Double> metrics) {
                reported.add(t);
            }

            @Override
            public void progressed(double fraction) {
            }
        };
        ExecutionOutcome outcome = executor.execute(TestJobs.job(TestJobs.newRunId("real"), Backend.HARDWARE,
                validation.resolved()), control);
        assertThat(outcome).isInstanceOf(ExecutionOutcome.Completed.class);
        RunResult result = ((ExecutionOutcome.Completed) outcome).result();
        assertThat(reported).isEqualTo(result.inference().stream().map(RunResult.InferenceResult::tInference).toList());
        return result;
    }

    @Test
    void timesBeyondMaxWaitAreLeftOutInsteadOfWaitedFor() throws Exception {
        long started = System.nanoTime();
        RunResult result = run("[0, 3600, 86400]", Duration.ZERO);
        assertThat(result.inference()).extracting(RunResult.InferenceResult::tInference).containsExactly(0.0);
        HardwareResult hw = result.hardware();
        assertThat(hw.emulated()).isFalse();
        assertThat(hw.firmwareVersion()).isEqualTo("lab-firmware/2");
        assertThat(hw.readbacks()).hasSize(1);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMinutes(1));
    }

    @Test
    void aLaterTimeWithinMaxWaitIsWaitedForAndReadOnTheRealClock() throws Exception {
        RunResult result = run("[0, 1.5]", Duration.ofSeconds(5));
        assertThat(result.inference()).extracting(RunResult.InferenceResult::tInference).containsExactly(0.0, 1.5);
        List<HardwareResult.Readback> readbacks = result.hardware().readbacks();
        assertThat(readbacks.get(0).sinceProgrammingS()).isLessThan(1.0);
        assertThat(readbacks.get(1).sinceProgrammingS()).isBetween(1.5, 4.0);
    }
}
