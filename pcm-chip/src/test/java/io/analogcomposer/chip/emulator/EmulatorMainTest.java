package io.analogcomposer.chip.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.analogcomposer.chip.client.ChipClient;
import io.analogcomposer.chip.protocol.ChipIdentity;

/** The documented command line starts a chip that answers over the protocol and keeps its state file. */
class EmulatorMainTest {

    @Test
    void documentedOptionsStartAServingChip(@TempDir Path directory) throws Exception {
        Path state = directory.resolve("pcm-chip-state.bin");
        String[] args = {"--port", "0", "--state-file", state.toString(), "--chip-id", "cli-chip", "--seed", "9",
                "--word-lines", "8", "--bit-lines", "16", "--time-acceleration", "3600", "--history-depth", "2",
                "--stuck-fraction", "0", "--endurance-pulses", "1e6"};
        try (EmulatorMain.Running running = EmulatorMain.start(args);
                ChipClient client = ChipClient.connect(URI.create("http://127.0.0.1:" + running.server().port()))) {
            ChipIdentity identity = client.identify();
            assertThat(identity.chipId()).isEqualTo("cli-chip");
            assertThat(identity.wordLines()).isEqualTo(8);
            assertThat(identity.bitLines()).isEqualTo(16);
            assertThat(client.health().timeAcceleration()).isEqualTo(3600.0);
        }
        assertThat(Files.size(state)).isPositive();
    }

    @Test
    void anUnknownOptionIsRefusedWithTheUsage() {
        assertThatThrownBy(() -> EmulatorMain.start(new String[]{"--colour", "red"}))
                .hasMessageContaining("unknown option --colour").hasMessageContaining("usage:");
    }
}
