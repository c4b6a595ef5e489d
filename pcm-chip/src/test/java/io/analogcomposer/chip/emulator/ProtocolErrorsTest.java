package io.analogcomposer.chip.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.analogcomposer.chip.ChipGeometry;
import io.analogcomposer.chip.client.ChipClient;
import io.analogcomposer.chip.client.ChipException;
import io.analogcomposer.chip.protocol.ChipError;
import io.analogcomposer.chip.protocol.ProgramAndVerify;
import io.analogcomposer.chip.protocol.Protocol;
import io.analogcomposer.chip.protocol.Wire;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Refused requests come back as protocol errors that name the field and its allowed range. */
class ProtocolErrorsTest {

    private static RunningEmulator emulator;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        emulator = RunningEmulator.start(new EmulatorConfig("errors", new ChipGeometry(16, 32), 1, null, 0, 4, null));
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static ChipError refusal(Runnable call) {
        try {
            call.run();
        } catch (ChipException e) {
            assertThat(e.httpStatus()).isEqualTo(400);
            return e.error();
        }
        throw new AssertionError("the chip accepted the request");
    }

    @Test
    void addressOutsideTheChip() {
        ChipError error = refusal(() -> emulator.client.program(new int[]{0, 512}, new float[]{1f, 1f},
                ProgramAndVerify.DEFAULT));
        assertThat(error.code()).isEqualTo(ChipError.OUT_OF_RANGE);
        assertThat(error.field()).isEqualTo("addresses[1]");
        assertThat(error.allowed()).startsWith("0..511");
    }

    @Test
    void targetAboveTheLargestConductance() {
        ChipError error = refusal(() -> emulator.client.program(new int[]{3}, new float[]{41f},
                ProgramAndVerify.DEFAULT));
        assertThat(error.field()).isEqualTo("targets_us[0]");
        assertThat(error.allowed()).isEqualTo("0.0..40.0 µS");
    }

    @Test
    void sameAddressTwiceInOneProgramRequest() {
        ChipError error = refusal(() -> emulator.client.program(new int[]{4, 9, 4}, new float[]{1f, 2f, 3f},
                ProgramAndVerify.DEFAULT));
        assertThat(error.code()).isEqualTo(ChipError.DUPLICATE_ADDRESS);
        assertThat(error.message()).contains("positions 0 and 2").contains("word line 0, bit line 4");
    }

    @Test
    void aChipRefusalChangesNothing() {
        long before = emulator.client.health().operations();
        refusal(() -> emulator.client.program(new int[]{1, 1000}, new float[]{1f, 1f}, ProgramAndVerify.DEFAULT));
        assertThat(emulator.client.health().operations()).isEqualTo(before);
    }

    @Test
    void controllerValidatesWhatAClientDidNotCheck() throws Exception {
        // A hand-written request from another client: out-of-range parameter, unknown field, bad base64.
        String addresses = Wire.encode(new int[]{1});
        String targets = Wire.encode(new float[]{1f});
        JsonNode tooMany = post(Protocol.PROGRAM, "{\"addresses\":\"" + addresses + "\",\"targets_us\":\"" + targets
                + "\",\"algorithm\":{\"max_iterations\":5000}}", 400);
        assertThat(tooMany.at("/error/field").asString()).isEqualTo("algorithm.max_iterations");
        assertThat(tooMany.at("/error/allowed").asString()).isEqualTo("1..1000");

        JsonNode misspelt = post(Protocol.PROGRAM, "{\"addresses\":\"" + addresses + "\",\"targets_us\":\"" + targets
                + "\",\"algorithm\":{\"max_iteration\":5}}", 400);
        assertThat(misspelt.at("/error/code").asString()).isEqualTo(ChipError.MALFORMED);
        assertThat(misspelt.at("/error/message").asString()).contains("max_iteration");

        JsonNode badBase64 = post(Protocol.READ, "{\"addresses\":\"***\",\"reads\":1}", 400);
        assertThat(badBase64.at("/error/field").asString()).isEqualTo("addresses");

        JsonNode missing = post(Protocol.READ, "{\"reads\":2}", 400);
        assertThat(missing.at("/error/code").asString()).isEqualTo(ChipError.MISSING_FIELD);

        JsonNode notJson = post(Protocol.READ, "{not json", 400);
        assertThat(notJson.at("/error/code").asString()).isEqualTo(ChipError.MALFORMED);

        JsonNode unknownPath = post("/v1/erase-everything", "{}", 404);
        assertThat(unknownPath.at("/error/code").asString()).isEqualTo(ChipError.UNSUPPORTED);
    }

    @Test
    void unreachableControllerIsARetriableError() {
        try (ChipClient nowhere = ChipClient.connect(URI.create("http://127.0.0.1:1"))) {
            assertThatThrownBy(nowhere::identify).isInstanceOfSatisfying(ChipException.class, e -> {
                assertThat(e.error().code()).isEqualTo(ChipException.UNAVAILABLE);
                assertThat(e.retriable()).isTrue();
            });
        }
    }

    private static JsonNode post(String path, String body, int expectedStatus) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + emulator.server.port() + path))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        assertThat(response.headers().firstValue("Pcm-Chip-Protocol")).contains(Protocol.VERSION);
        return JsonMapper.builder().build().readTree(response.body());
    }
}
