package io.analogcomposer.chip.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.analogcomposer.chip.ChipGeometry;
import io.analogcomposer.chip.protocol.DeviceHistory;
import io.analogcomposer.chip.protocol.ProgramAndVerify;

/** The chip keeps its programmed state, clock, history and wear across a restart of the emulator. */
class PersistenceTest {

    @TempDir
    Path directory;

    private EmulatorConfig config(Path stateFile) {
        return new EmulatorConfig("persistent", new ChipGeometry(32, 64), 11, stateFile, 0, 4,
                PcmPhysics.DEFAULT.withStuckFraction(0));
    }

    @Test
    void restartKeepsConductancesClockHistoryAndWear() throws IOException {
        Path stateFile = directory.resolve("chip.state");
        int[] addresses = java.util.stream.IntStream.range(0, 1000).toArray();
        float[] targets = new float[1000];
        java.util.Arrays.fill(targets, 15f);
        DeviceHistory before;
        double meanBefore;
        try (RunningEmulator emulator = RunningEmulator.start(config(stateFile))) {
            emulator.client.program(addresses, targets, ProgramAndVerify.DEFAULT);
            emulator.client.advanceTime(3600);
            meanBefore = ChipBehaviourTest.mean(emulator.client.read(addresses, 16).conductancesUs());
            before = emulator.client.history(new int[]{42}).getFirst();
        }
        assertThat(Files.exists(stateFile)).isTrue();
        try (Stream<Path> leftovers = Files.list(directory)) {
            assertThat(leftovers).as("no temporary files left behind").containsExactly(stateFile);
        }
        try (RunningEmulator restarted = RunningEmulator.start(config(stateFile))) {
            assertThat(restarted.client.health().chipTimeS()).isEqualTo(3600.0);
            assertThat(restarted.client.health().programmedDevices()).isEqualTo(1000);
            double meanAfter = ChipBehaviourTest.mean(restarted.client.read(addresses, 16).conductancesUs());
            // Same drifted state; only the read noise is new (std of a 1000-device mean ≈ 0.03 µS).
            assertThat(meanAfter).isCloseTo(meanBefore, within(0.15));
            DeviceHistory after = restarted.client.history(new int[]{42}).getFirst();
            assertThat(after).isEqualTo(before);
        }
    }

    @Test
    void aStateFileOfAnotherChipIsRefusedByName() {
        Path stateFile = directory.resolve("chip.state");
        new EmulatedChip(config(stateFile));
        EmulatorConfig other = new EmulatorConfig("another", new ChipGeometry(32, 64), 11, stateFile, 0, 4, null);
        assertThatThrownBy(() -> new EmulatedChip(other)).hasMessageContaining("belongs to chip persistent");
    }

    @Test
    void aCorruptStateFileIsDetected() throws IOException {
        Path stateFile = directory.resolve("chip.state");
        new EmulatedChip(config(stateFile));
        try (RandomAccessFile file = new RandomAccessFile(stateFile.toFile(), "rw")) {
            file.seek(file.length() / 2);
            int b = file.read();
            file.seek(file.length() / 2);
            file.write(b ^ 0xFF);
        }
        assertThatThrownBy(() -> new EmulatedChip(config(stateFile))).rootCause().hasMessageContaining("checksum");
    }
}
