package io.analogcomposer.spec.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.testsupport.FusionSample;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** An uploaded Fusion CSV travels with the run's messages, intact, and old messages without one still read. */
class TargetConductancesTest {

    static final String FILE = "0b6c1f1e-3f55-4a8e-9d2b-2f7c9c3e5a10";

    @Test
    void aLenet5FileTravelsPackedAndUnpacksByteForByte() throws IOException {
        byte[] csv = FusionSample.bytes();
        TargetConductances packed = TargetConductances.of(FILE, "lenet5.csv", csv);
        assertThat(packed.gzipBase64().length()).isLessThan(csv.length); // the message is smaller than the file
        RunRequested request = RunRequested.of("r", "e", "u", Backend.HARDWARE,
                SpecJson.mapper().readTree("{\"kind\":\"hardware_inference\"}"), packed);
        RunJob job = RunJob.of(SpecJson.read(SpecJson.write(request), RunRequested.class), Backend.HARDWARE, null);
        RunJob received = SpecJson.read(SpecJson.write(job), RunJob.class);
        assertThat(received.targetConductances().csv()).isEqualTo(csv);
        assertThat(received.targetConductances().name()).isEqualTo("lenet5.csv");
        assertThat(received.targetConductances().toString()).doesNotContain(packed.gzipBase64().substring(0, 40));
    }

    @Test
    void contentThatDoesNotMatchItsHashIsRefused() {
        TargetConductances good = TargetConductances.of(FILE, "a.csv", "1\nX\n1\n1\n1\nn\n0.5\r\n".getBytes());
        TargetConductances other = TargetConductances.of(FILE, "b.csv", "1\nX\n1\n1\n1\nn\n0.7\r\n".getBytes());
        TargetConductances forged = new TargetConductances(FILE, "a.csv", good.sha256(), good.sizeBytes(),
                other.gzipBase64());
        assertThatThrownBy(forged::csv).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not match its size");
        assertThatThrownBy(() -> new TargetConductances("not-an-id", "a.csv", good.sha256(), 1, "x"))
                .hasMessageContaining("upload's id");
    }

    @Test
    void messagesFromBeforeTheFieldReadWithoutConductances() {
        String old = """
                {"message_version": 1, "event_id": "6f1c0b8e-9a55-4d3c-8a1e-0c2f4b6d8e10", "run_id": "r",
                 "attempt": 1, "timestamp": "2026-11-20T10:00:00Z", "experiment_id": "e", "user_id": "u",
                 "backend": "hardware", "document": {"kind": "hardware_inference"}}""";
        RunRequested request = SpecJson.read(old, RunRequested.class);
        assertThat(request.targetConductances()).isNull();
        assertThat(RunJob.of(request, Backend.HARDWARE, null).targetConductances()).isNull();
    }
}
