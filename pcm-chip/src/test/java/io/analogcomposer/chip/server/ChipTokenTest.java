package io.analogcomposer.chip.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.analogcomposer.chip.ChipGeometry;
import io.analogcomposer.chip.client.ChipClient;
import io.analogcomposer.chip.client.ChipException;
import io.analogcomposer.chip.emulator.EmulatedChip;
import io.analogcomposer.chip.emulator.EmulatorConfig;
import io.analogcomposer.chip.protocol.ChipError;
import io.analogcomposer.chip.protocol.ProgramAndVerify;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A controller started with a token serves only requests that carry it; the others change and read nothing. */
class ChipTokenTest {

    private static final String TOKEN = "0123456789abcdef0123456789abcdef";

    @Test
    void withoutItsTokenTheChipAnswers401AndStaysUntouched() throws Exception {
        EmulatedChip chip = new EmulatedChip(new EmulatorConfig("token-chip", new ChipGeometry(16, 32), 1, null, 0, 4,
                null));
        try (ChipHttpServer server = ChipHttpServer.start(chip, "127.0.0.1", 0, TOKEN);
                HttpClient http = HttpClient.newHttpClient()) {
            URI base = URI.create("http://127.0.0.1:" + server.port());
            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(base.resolve("/v1/identity")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.body()).contains(ChipError.UNAUTHORIZED).contains("Authorization: Bearer");
            assertThat(http.send(HttpRequest.newBuilder(base.resolve("/v1/reset"))
                    .header("Authorization", "Bearer " + TOKEN.replace('0', '1'))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).as("a wrong token").isEqualTo(401);

            try (ChipClient stranger = ChipClient.connect(base, Duration.ofSeconds(10))) {
                assertThatThrownBy(() -> stranger.program(new int[]{3}, new float[]{20f}, ProgramAndVerify.DEFAULT))
                        .isInstanceOfSatisfying(ChipException.class,
                                e -> assertThat(e.error().code()).isEqualTo(ChipError.UNAUTHORIZED));
            }
            try (ChipClient owner = ChipClient.connect(base, Duration.ofSeconds(10), TOKEN)) {
                assertThat(owner.identify().chipId()).isEqualTo("token-chip");
                assertThat(owner.history(new int[]{3}).getFirst().pulses())
                        .as("the refused program request changed nothing").isZero();
            }
        }
    }
}
