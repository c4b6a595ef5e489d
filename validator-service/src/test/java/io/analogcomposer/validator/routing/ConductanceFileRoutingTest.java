package io.analogcomposer.validator.routing;

import static io.analogcomposer.validator.TestDocuments.bytes;
import static io.analogcomposer.validator.TestDocuments.template;
import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.messages.RunRequested;
import io.analogcomposer.spec.messages.TargetConductances;
import io.analogcomposer.spec.validation.Validator;
import io.analogcomposer.testsupport.FusionSample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** "Bring your own conductances" through the validator: the file goes on with the job, or the run is refused. */
class ConductanceFileRoutingTest {

    static final String FILE = "0b6c1f1e-3f55-4a8e-9d2b-2f7c9c3e5a10";
    final RunRouter router = new RunRouter(Validator.standard(), new CancelledRuns(10), 32 * 1024 * 1024,
            new AutoRouting(b -> true, false));

    static ObjectNode document() {
        ObjectNode doc = (ObjectNode) template("lenet5-inference");
        doc.put("kind", "hardware_inference");
        ObjectNode inference = (ObjectNode) doc.get("inference");
        inference.remove("weight_template");
        inference.put("target_conductances", FILE);
        doc.remove("training");
        return doc;
    }

    static RunRequested request(String runId, TargetConductances file) {
        return RunRequested.of(runId, "e", "u", null, document(), file);
    }

    @Test
    void aLenet5FileGoesToTheChipWithTheJobUnchanged() throws IOException {
        byte[] csv = FusionSample.bytes();
        Outcome outcome = router.route(bytes(request("r1", TargetConductances.of(FILE, "lenet5.csv", csv))));
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Routed.class, routed -> {
            assertThat(routed.job().backend()).isEqualTo(Backend.HARDWARE);
            assertThat(routed.job().targetConductances().csv()).isEqualTo(csv);
        });
    }

    @Test
    void aFileThatCannotBeProgrammedIsRefusedNamingItsLine() {
        String csv = "1\nAnalogLinear\n2\n1\n2\n0\n3.5,41.5\r\n";
        Outcome outcome = router.route(bytes(request("r2",
                TargetConductances.of(FILE, "mine.csv", csv.getBytes(StandardCharsets.UTF_8)))));
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Rejected.class, rejected -> assertThat(
                rejected.event().errors()).singleElement().satisfies(issue -> {
                    assertThat(issue.pointer()).isEqualTo("/inference/target_conductances");
                    assertThat(issue.message()).contains("mine.csv", "line 7, column 2", "41.5 µS is above");
                }));
    }

    @Test
    void aRunWhoseFileDidNotComeAlongIsRefused() {
        Outcome outcome = router.route(bytes(request("r3", null)));
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Rejected.class, rejected -> assertThat(
                rejected.event().errors()).singleElement().satisfies(
                        issue -> assertThat(issue.message())
                                .contains(FILE, "did not come with the run")));
    }
}
