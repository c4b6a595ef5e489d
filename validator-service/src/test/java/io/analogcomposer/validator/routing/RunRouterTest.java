package io.analogcomposer.validator.routing;

import static io.analogcomposer.validator.TestDocuments.bytes;
import static io.analogcomposer.validator.TestDocuments.request;
import static io.analogcomposer.validator.TestDocuments.template;
import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.spec.catalogue.Catalogue;
import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.validation.Issue;
import io.analogcomposer.spec.validation.Limits;
import io.analogcomposer.spec.validation.Validator;
import io.analogcomposer.validator.TestDocuments;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class RunRouterTest {

    final CancelledRuns cancelled = new CancelledRuns(100);
    final RunRouter router = new RunRouter(Validator.standard(), cancelled, 64 * 1024);

    @Test
    void aValidRunIsRoutedWithItsResolvedSpecAndAValidatedEvent() {
        Outcome outcome = router.route(bytes(request("r1", null, template("lenet5-inference"))));
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Routed.class, routed -> {
            assertThat(routed.job().backend()).isEqualTo(Backend.CPU);
            assertThat(routed.job().runId()).isEqualTo("r1");
            assertThat(routed.job().spec().network().layers().get(0).rpuConfig().noiseModel()).isNotNull();
            assertThat(routed.event().backend()).isEqualTo(Backend.CPU);
            assertThat(routed.event().runId()).isEqualTo("r1");
        });
    }

    @Test
    void autoResolvesByKindAndPreferenceAndTheRequestedBackendWins() {
        ObjectNode hardware = (ObjectNode) template("lenet5-inference");
        hardware.put("kind", "hardware_inference");
        assertThat(((Outcome.Routed) router.route(bytes(request("h", null, hardware)))).job().backend())
                .isEqualTo(Backend.HARDWARE);
        assertThat(((Outcome.Routed) router.route(bytes(request("g", Backend.GPU, template("3fc-training"))))).job()
                .backend()).isEqualTo(Backend.GPU);
        RunRouter gpuFirst = new RunRouter(new Validator(Catalogue.get(), Limits.DEFAULT, true), cancelled, 65536);
        assertThat(((Outcome.Routed) gpuFirst.route(bytes(request("a", null, template("3fc-training"))))).job()
                .backend()).isEqualTo(Backend.GPU);
    }

    @Test
    void anInvalidDocumentIsRejectedWithEveryError() {
        Outcome outcome = router.route(bytes(request("r2", null, TestDocuments.invalid())));
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Rejected.class,
                rejected -> assertThat(rejected.event().errors()).extracting(Issue::pointer)
                        .contains("/nmae", "/training/epochs", "/training/loss"));
        ObjectNode training = (ObjectNode) template("3fc-training");
        Outcome onChip = router.route(bytes(request("r3", Backend.HARDWARE, training)));
        assertThat(onChip).isInstanceOfSatisfying(Outcome.Rejected.class,
                rejected -> assertThat(rejected.event().errors()).extracting(Issue::pointer)
                        .containsExactly("/backend"));
    }

    @Test
    void aCancelledRunIsDiscarded() {
        cancelled.add("gone");
        assertThat(router.route(bytes(request("gone", null, template("3fc-training")))))
                .isInstanceOf(Outcome.Discarded.class);
    }

    @Test
    void unreadableMessagesAreDeadLetteredWithAReason() {
        assertThat(reason("not json at all".getBytes(StandardCharsets.UTF_8))).contains("not a readable");
        assertThat(reason("[1, 2]".getBytes(StandardCharsets.UTF_8))).contains("not an object");
        assertThat(reason(new byte[0])).contains("empty");
        assertThat(reason(new byte[]{(byte) 0xC3, (byte) 0x28})).contains("not UTF-8");
        assertThat(reason(new byte[70_000])).contains("exceeds the limit");
        ObjectNode future = (ObjectNode) SpecJson.tree(request("v", null, template("3fc-training")));
        future.put("message_version", 2);
        assertThat(reason(bytes(future))).contains("unsupported message_version 2");
        ObjectNode noRun = (ObjectNode) SpecJson.tree(request("v", null, template("3fc-training")));
        noRun.remove("run_id");
        assertThat(reason(bytes(noRun))).contains("not a readable RunRequested");
    }

    private String reason(byte[] body) {
        Outcome outcome = router.route(body);
        assertThat(outcome).isInstanceOf(Outcome.DeadLetter.class);
        return ((Outcome.DeadLetter) outcome).reason();
    }
}
