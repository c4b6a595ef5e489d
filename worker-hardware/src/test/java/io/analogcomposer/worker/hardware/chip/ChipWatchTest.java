package io.analogcomposer.worker.hardware.chip;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.analogcomposer.chip.ChipGeometry;
import io.analogcomposer.chip.client.ChipClient;
import io.analogcomposer.chip.emulator.EmulatedChip;
import io.analogcomposer.chip.emulator.EmulatorConfig;
import io.analogcomposer.chip.emulator.PcmPhysics;
import io.analogcomposer.chip.server.ChipHttpServer;
import io.analogcomposer.spec.messages.ChipStatus;

/** What a hardware worker announces about its chip: its identity while it answers, and that it is away when not. */
class ChipWatchTest {

    @Test
    void aChipThatAnswersIsOnlineWithItsIdentityAndOneThatStopsIsOfflineWithTheReason() throws IOException {
        ChipHttpServer server = ChipHttpServer.start(new EmulatedChip(new EmulatorConfig("watched",
                new ChipGeometry(32, 128), 3, null, 0, 4, PcmPhysics.DEFAULT)), "127.0.0.1", 0);
        try (ChipClient client = ChipClient.connect(java.net.URI.create("http://127.0.0.1:" + server.port()),
                Duration.ofSeconds(2)); ChipWatch watch = new ChipWatch(client, Duration.ofHours(1))) {
            ChipStatus online = watch.check();
            assertThat(online.online()).isTrue();
            assertThat(online.chipId()).isEqualTo("watched");
            assertThat(online.model()).isEqualTo(EmulatorConfig.MODEL);
            assertThat(online.firmwareVersion()).isEqualTo(EmulatorConfig.FIRMWARE);
            assertThat(online.emulated()).isTrue();
            assertThat(online.tiles()).isEqualTo(1);
            assertThat(online.wordLines()).isEqualTo(32);
            assertThat(online.bitLines()).isEqualTo(128);
            assertThat(online.devices()).isEqualTo(4096);
            assertThat(online.detail()).isEmpty();
            // answered at once from the last check
            assertThat(watch.current()).extracting(ChipStatus::online, ChipStatus::chipId).containsExactly(true,
                    "watched");

            server.close();
            server = null;
            ChipStatus away = watch.check();
            assertThat(away.online()).isFalse();
            assertThat(away.chipId()).as("which chip is away stays known").isEqualTo("watched");
            assertThat(away.detail()).startsWith("the chip does not answer");
            assertThat(away.checkedAt()).isAfterOrEqualTo(online.checkedAt());
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void aChipNeverReachedIsOfflineWithoutIdentity() {
        try (ChipClient client = ChipClient.connect(java.net.URI.create("http://127.0.0.1:1"), Duration.ofSeconds(2));
                ChipWatch watch = new ChipWatch(client, Duration.ofHours(1))) {
            ChipStatus status = watch.check();
            assertThat(status.online()).isFalse();
            assertThat(status.chipId()).isNull();
            assertThat(status.devices()).isZero();
            assertThat(status.detail()).startsWith("the chip does not answer");
        }
    }
}
