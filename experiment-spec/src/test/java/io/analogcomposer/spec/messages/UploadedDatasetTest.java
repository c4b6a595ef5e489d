package io.analogcomposer.spec.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.json.SpecJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** An uploaded dataset travels with the run's messages, intact, and messages from before the field still read. */
class UploadedDatasetTest {

    static final String REF = "user:0b6c1f1e-3f55-4a8e-9d2b-2f7c9c3e5a10";
    static final byte[] ZIP = "PK not really a zip, but bytes".getBytes(StandardCharsets.US_ASCII);

    @Test
    void theDatasetTravelsFromRequestToJobByteForByte() {
        UploadedDataset packed = UploadedDataset.of(REF, "dots", List.of(1, 8, 8), 3, 200, 50, ZIP);
        RunRequested request = RunRequested.of("r", "e", "u", Backend.CPU,
                SpecJson.mapper().readTree("{\"kind\":\"training\"}"), null, packed);
        String wire = SpecJson.write(request);
        assertThat(wire).contains("\"uploaded_dataset\"");
        RunJob job = RunJob.of(SpecJson.read(wire, RunRequested.class), Backend.CPU, null);
        RunJob received = SpecJson.read(SpecJson.write(job), RunJob.class);
        assertThat(received.uploadedDataset().zip()).isEqualTo(ZIP);
        assertThat(received.uploadedDataset().info().inputShape()).containsExactly(1, 8, 8);
        assertThat(received.uploadedDataset().info().classes()).isEqualTo(3);
        assertThat(received.uploadedDataset().toString()).doesNotContain(packed.zipBase64());
    }

    @Test
    void messagesFromBeforeTheFieldReadWithoutADataset() {
        RunRequested request = RunRequested.of("r", "e", "u", Backend.CPU,
                SpecJson.mapper().readTree("{\"kind\":\"training\"}"));
        ObjectNode old = (ObjectNode) SpecJson.mapper().readTree(SpecJson.write(request));
        old.remove("uploaded_dataset");
        assertThat(SpecJson.read(old.toString(), RunRequested.class).uploadedDataset()).isNull();
        ObjectNode oldJob = (ObjectNode) SpecJson.mapper().readTree(SpecJson.write(RunJob.of(request, Backend.CPU,
                null)));
        oldJob.remove("uploaded_dataset");
        assertThat(SpecJson.read(oldJob.toString(), RunJob.class).uploadedDataset()).isNull();
    }

    @Test
    void theLargestDatasetAJobMayCarryPassesTheServicesJsonReader() {
        byte[] zip = new byte[UploadedDataset.MAX_STORED_BYTES];
        new java.util.Random(1).nextBytes(zip); // incompressible, as a deflated ZIP is
        UploadedDataset packed = UploadedDataset.of(REF, "big", List.of(3, 32, 32), 10, 4000, 1000, zip);
        RunJob job = RunJob.of(RunRequested.of("r", "e", "u", Backend.CPU,
                SpecJson.mapper().readTree("{\"kind\":\"training\"}"), null, packed), Backend.CPU, null);
        RunJob received = SpecJson.read(SpecJson.write(job), RunJob.class);
        assertThat(received.uploadedDataset().zip()).isEqualTo(zip);
    }

    @Test
    void contentThatDoesNotMatchItsHashIsRefused() {
        UploadedDataset good = UploadedDataset.of(REF, "a", List.of(1, 8, 8), 3, 200, 50, ZIP);
        UploadedDataset other = UploadedDataset.of(REF, "a", List.of(1, 8, 8), 3, 200, 50,
                "PK other bytes of the same len".getBytes(StandardCharsets.US_ASCII));
        UploadedDataset forged = new UploadedDataset(REF, "a", 1, 8, 8, 3, 200, 50, good.sha256(), good.sizeBytes(),
                other.zipBase64());
        assertThatThrownBy(forged::zip).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not match its size");
        assertThatThrownBy(() -> UploadedDataset.of("user:1", "a", List.of(1, 8, 8), 3, 200, 50, ZIP))
                .hasMessageContaining("user:<uuid>");
    }
}
