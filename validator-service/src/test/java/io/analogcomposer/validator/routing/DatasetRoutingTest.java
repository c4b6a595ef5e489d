package io.analogcomposer.validator.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.spec.catalogue.Catalogue;
import io.analogcomposer.spec.datasets.DatasetCheck;
import io.analogcomposer.spec.datasets.DatasetFinder;
import io.analogcomposer.spec.datasets.DatasetLayouts;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.RunRequested;
import io.analogcomposer.spec.validation.Issue;
import io.analogcomposer.spec.validation.Validator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** A run whose dataset is not on this server is refused before it queues, in words a user can act on. */
class DatasetRoutingTest {
    @TempDir
    Path data;

    private RunRouter router() {
        return new RunRouter(Validator.standard(), new CancelledRuns(10), 64 * 1024, new AutoRouting(b -> true, false),
                new DatasetCheck(new DatasetFinder(List.of(data), null, false)));
    }

    private static byte[] request(String runId, String template) {
        JsonNode document = Catalogue.get().template(template).orElseThrow().document();
        return SpecJson.write(RunRequested.of(runId, "e1", "u1", null, document)).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aRunOnAMissingDatasetIsRejectedSayingWhatToInstallOrUpload() {
        Outcome outcome = router().route(request("r1", "3fc-training"));
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Rejected.class, rejected -> {
            Issue issue = rejected.event().errors().getFirst();
            assertThat(issue.pointer()).isEqualTo("/dataset/name");
            assertThat(issue.code()).isEqualTo("dataset_unavailable");
            assertThat(issue.message()).startsWith("Fashion-MNIST is not installed on this server.")
                    .contains("apt-get install dataset-fashion-mnist").contains("choose a dataset that is installed")
                    .doesNotContain("DatasetLocator").doesNotContain("ANALOG_COMPOSER_DATASETS");
            assertThat(issue.allowed()).isEqualTo("a dataset installed here: synthetic");
        });
    }

    @Test
    void theSameRunIsRoutedOnceTheDatasetIsInstalled() throws IOException {
        Path dir = Files.createDirectories(data.resolve("fashion-mnist"));
        for (String f : DatasetLayouts.IDX_FILES) {
            Files.write(dir.resolve(f + ".gz"), new byte[]{0});
        }
        assertThat(router().route(request("r2", "3fc-training"))).isInstanceOf(Outcome.Routed.class);
    }
}
