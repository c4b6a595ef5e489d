package io.analogcomposer.chip.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.analogcomposer.chip.ChipGeometry;
import io.analogcomposer.chip.protocol.ChipHealth;
import io.analogcomposer.chip.protocol.DeviceHistory;
import io.analogcomposer.chip.protocol.HistoryRequest;
import io.analogcomposer.chip.protocol.ProgramEvent;

/**
 * A state file written by format 1 of the emulator (4×8 chip, seed 3: devices 5, 6, 31 programmed to 7.5, 20 and
 * 0.5 µS at 0 s, device 5 again to 12 µS at 100 s, device 31 reset, clock at 150 s) still loads, so that a lab's
 * emulated chip survives upgrades of the emulator.
 */
class StateFormatCompatibilityTest {

    @TempDir
    Path directory;

    private Path golden() throws IOException {
        Path file = directory.resolve("chip.state");
        try (InputStream in = getClass().getResourceAsStream("state-format-1.bin")) {
            Files.copy(in, file);
        }
        return file;
    }

    private static EmulatorConfig config(Path file) {
        return new EmulatorConfig("golden-v1", new ChipGeometry(4, 8), 3, file, 0, 4,
                PcmPhysics.DEFAULT.withStuckFraction(0));
    }

    @Test
    void formatOneStateFileLoadsWithItsHistoryWearAndClock() throws IOException {
        EmulatedChip chip = new EmulatedChip(config(golden()));
        ChipHealth health = chip.health();
        assertThat(health.chipTimeS()).isEqualTo(150.0);
        assertThat(health.operations()).isEqualTo(3);
        assertThat(health.programmedDevices()).isEqualTo(2);
        List<DeviceHistory> devices = chip.history(new HistoryRequest(new int[]{5, 6, 31})).devices();
        assertThat(devices.get(0).events()).containsExactly(new ProgramEvent(1, 0.0, 7.5f, 7.3936915f, 2, true),
                new ProgramEvent(2, 100.0, 12f, 12.045556f, 2, true));
        assertThat(devices.get(0).pulses()).isEqualTo(4);
        assertThat(devices.get(1).events()).containsExactly(new ProgramEvent(1, 0.0, 20f, 19.808931f, 3, true));
        assertThat(devices.get(2).resets()).isEqualTo(1);
        assertThat(devices.get(2).bitLine()).isEqualTo(7);
    }

    @Test
    void aTruncatedStateFileIsRefusedAsTruncated() throws IOException {
        Path file = golden();
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> new EmulatedChip(config(file))).rootCause().hasMessageContaining("truncated");
    }
}
