package io.analogcomposer.chip.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.analogcomposer.chip.protocol.ChipController;
import io.analogcomposer.chip.protocol.ChipError;
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

/** Client behaviour against controllers other than the emulator: a newer protocol, a real (non-emulated) chip. */
class ChipClientTest {

    /** A stand-in for another controller: answers identity and health, refuses the rest. */
    private record OtherController(String version) implements ChipController {
        @Override
        public ChipIdentity identity() {
            return new ChipIdentity(version, "lab-chip-7", "fusion-fw/3.1", 512, 2048, 40.0, 256, false);
        }

        @Override
        public ChipHealth health() {
            return new ChipHealth("ok", "", 1.0, 1.0, 0, 0, 0);
        }

        @Override
        public ProgramResult program(ProgramRequest request) {
            throw new IllegalStateException("not in this test");
        }

        @Override
        public ReadResult read(ReadRequest request) {
            throw new IllegalStateException("controller lost the chip");
        }

        @Override
        public ResetResult reset(ResetRequest request) {
            throw new IllegalStateException("not in this test");
        }

        @Override
        public HistoryResult history(HistoryRequest request) {
            return new HistoryResult(List.of());
        }
    }

    private static ChipClient clientFor(ChipHttpServer server) {
        return ChipClient.connect(URI.create("http://127.0.0.1:" + server.port() + "/"));
    }

    @Test
    void aControllerOfAnotherMajorVersionIsRefused() throws Exception {
        try (ChipHttpServer server = ChipHttpServer.start(new OtherController("pcm-chip/2.0"), "127.0.0.1", 0);
                ChipClient client = clientFor(server)) {
            assertThatThrownBy(client::identify).isInstanceOfSatisfying(ChipException.class, e -> {
                assertThat(e.error().code()).isEqualTo(ChipException.INCOMPATIBLE);
                assertThat(e.getMessage()).contains("pcm-chip/2.0").contains("pcm-chip/1.");
            });
        }
    }

    @Test
    void aNewerMinorVersionIsAccepted() throws Exception {
        try (ChipHttpServer server = ChipHttpServer.start(new OtherController("pcm-chip/1.7"), "127.0.0.1", 0);
                ChipClient client = clientFor(server)) {
            assertThat(client.identify().chipId()).isEqualTo("lab-chip-7");
        }
    }

    @Test
    void aRealChipRefusesTimeTravelAndControllerFailuresAreRetriable() throws Exception {
        try (ChipHttpServer server = ChipHttpServer.start(new OtherController("pcm-chip/1.0"), "127.0.0.1", 0);
                ChipClient client = clientFor(server)) {
            assertThatThrownBy(() -> client.advanceTime(10)).isInstanceOfSatisfying(ChipException.class, e -> {
                assertThat(e.httpStatus()).isEqualTo(404);
                assertThat(e.error().code()).isEqualTo(ChipError.UNSUPPORTED);
                assertThat(e.retriable()).isFalse();
            });
            assertThatThrownBy(() -> client.read(new int[]{1}, 1)).isInstanceOfSatisfying(ChipException.class, e -> {
                assertThat(e.httpStatus()).isEqualTo(500);
                assertThat(e.error().message()).contains("controller lost the chip");
                assertThat(e.retriable()).isTrue();
            });
        }
    }

    @Test
    void largeHistoryRequestsAreSplitToTheProtocolLimit() throws Exception {
        try (ChipHttpServer server = ChipHttpServer.start(new OtherController("pcm-chip/1.0"), "127.0.0.1", 0);
                ChipClient client = clientFor(server)) {
            // 10000 addresses go out as three requests the controller accepts (≤ 4096 each).
            assertThat(client.history(java.util.stream.IntStream.range(0, 10000).toArray())).isEmpty();
        }
    }
}
