package io.analogcomposer.validator.routing;

import static io.analogcomposer.validator.TestDocuments.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.spec.datasets.DatasetCheck;
import io.analogcomposer.spec.datasets.DatasetFinder;
import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.RunRequested;
import io.analogcomposer.spec.messages.UploadedDataset;
import io.analogcomposer.spec.validation.Validator;
import io.analogcomposer.testsupport.GeneratedImages;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A run on an uploaded dataset through the validator: the facts that come with the request are checked against the
 * network like a catalogue dataset's, and the dataset goes on with the job, or the run is refused at /dataset/name.
 */
class UploadedDatasetRoutingTest {

    static final String REF = "user:0b6c1f1e-3f55-4a8e-9d2b-2f7c9c3e5a10";
    static final GeneratedImages IMAGES = new GeneratedImages(200, 1, 8, 8, 3, 5);

    @TempDir
    Path noDatasets;

    RunRouter router() {
        // no dataset installed here: an uploaded one needs none
        return new RunRouter(Validator.standard(), new CancelledRuns(10), 32 * 1024 * 1024,
                new AutoRouting(b -> true, false),
                new DatasetCheck(new DatasetFinder(List.of(noDatasets), null, false)));
    }

    static JsonNode document(String dataset, int outputs) {
        return SpecJson.mapper().readTree("""
                {"kind": "training", "dataset": {"name": "%s"}, "backend": "cpu",
                 "network": {"input_shape": [1, 8, 8], "layers": [
                   {"type": "flatten"}, {"type": "analog_linear", "out_features": %d}, {"type": "log_softmax"}]},
                 "training": {"epochs": 1, "batch_size": 10}}""".formatted(dataset, outputs));
    }

    static UploadedDataset upload() {
        return UploadedDataset.of(REF, "bands", List.of(1, 8, 8), 3, IMAGES.train(), IMAGES.test(),
                IMAGES.storedZip());
    }

    @Test
    void theDatasetGoesToTheWorkerWithTheJob() {
        UploadedDataset dataset = upload();
        Outcome outcome = router().route(bytes(RunRequested.of("r1", "e", "u", null, document(REF, 3), null,
                dataset)));
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Routed.class, routed -> {
            assertThat(routed.job().backend()).isEqualTo(Backend.CPU);
            assertThat(routed.job().uploadedDataset().zip()).isEqualTo(IMAGES.storedZip());
            assertThat(routed.job().spec().dataset().name()).isEqualTo(REF);
        });
    }

    @Test
    void theNetworkIsCheckedAgainstTheCarriedFacts() {
        Outcome outcome = router().route(bytes(RunRequested.of("r2", "e", "u", null, document(REF, 10), null,
                upload())));
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Rejected.class, rejected -> assertThat(
                rejected.event().errors()).singleElement().satisfies(issue -> {
                    assertThat(issue.pointer()).isEqualTo("/network/layers/1/out_features");
                    assertThat(issue.message()).contains("has 3 classes");
                }));
    }

    @Test
    void aRunWhoseDatasetDidNotComeAlongOrArrivedDamagedIsRefused() {
        Outcome missing = router().route(bytes(RunRequested.of("r3", "e", "u", null, document(REF, 3))));
        assertThat(missing).isInstanceOfSatisfying(Outcome.Rejected.class, rejected -> assertThat(
                rejected.event().errors()).singleElement().satisfies(issue -> {
                    assertThat(issue.pointer()).isEqualTo("/dataset/name");
                    assertThat(issue.message()).contains(REF);
                }));
        UploadedDataset good = upload();
        UploadedDataset damaged = new UploadedDataset(REF, "bands", 1, 8, 8, 3, 200, 50, good.sha256(),
                good.sizeBytes(), upload().zipBase64().replace('A', 'B'));
        Outcome outcome = router().route(bytes(RunRequested.of("r4", "e", "u", null, document(REF, 3), null,
                damaged)));
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Rejected.class, rejected -> assertThat(
                rejected.event().errors()).singleElement().satisfies(issue -> {
                    assertThat(issue.pointer()).isEqualTo("/dataset/name");
                    assertThat(issue.message()).contains("arrived damaged");
                }));
    }
}
