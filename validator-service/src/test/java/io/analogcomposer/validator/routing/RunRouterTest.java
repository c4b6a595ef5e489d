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
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class RunRouterTest {

    final CancelledRuns cancelled = new CancelledRuns(100);
    /** The backends with a live worker, as the validator's registry of announcements would say. */
    final Set<Backend> live = EnumSet.of(Backend.CPU, Backend.HARDWARE);
    final RunRouter router = new RunRouter(Validator.standard(), cancelled, 64 * 1024,
            new AutoRouting(live::contains, true));

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
        RunRouter cpuFirst = new RunRouter(new Validator(Catalogue.get(), Limits.DEFAULT, false), cancelled, 65536,
                new AutoRouting(b -> true, false));
        assertThat(((Outcome.Routed) cpuFirst.route(bytes(request("a", null, template("3fc-training"))))).job()
                .backend()).isEqualTo(Backend.CPU);
    }

    @Test
    void autoGoesOnlyToABackendWithALiveWorkerAndSaysWhy() {
        // no GPU worker: automatic falls back to the CPU, and the run records why
        Outcome.Routed fallback = (Outcome.Routed) router.route(bytes(request("a1", Backend.AUTO,
                template("lenet5-inference"))));
        assertThat(fallback.job().backend()).isEqualTo(Backend.CPU);
        assertThat(fallback.event().backend()).isEqualTo(Backend.CPU);
        assertThat(fallback.event().routing()).contains("no GPU worker is running");

        // a GPU worker announced itself: automatic prefers it for what its tensor program runs (template inference)
        live.add(Backend.GPU);
        Outcome.Routed onGpu = (Outcome.Routed) router.route(bytes(request("a2", null,
                template("lenet5-inference"))));
        assertThat(onGpu.job().backend()).isEqualTo(Backend.GPU);
        assertThat(onGpu.event().routing()).contains("GPU worker is running");
        // ... and hardware-aware training (here before an inference over time), which its tensor program runs too ...
        Outcome.Routed hwa = (Outcome.Routed) router.route(bytes(request("a2h", null, template("3fc-inference"))));
        assertThat(hwa.job().backend()).isEqualTo(Backend.GPU);
        // ... but in-memory pulsed training (Tiki-Taka) stays on the CPU workers: the GPU workers refuse it
        Outcome.Routed training = (Outcome.Routed) router.route(bytes(request("a2t", null,
                template("3fc-training"))));
        assertThat(training.job().backend()).isEqualTo(Backend.CPU);
        assertThat(training.event().routing()).contains("the GPU workers cannot run this yet")
                .contains("in-memory pulsed training");
        // ... and so do layers the tensor program lacks (VGG8's batch norm and digital convolutions)
        assertThat(((Outcome.Routed) router.route(bytes(request("a2v", null, template("vgg8-training"))))).job()
                .backend()).isEqualTo(Backend.CPU);

        // only a GPU worker: better than waiting for a CPU one, for what it runs; pulsed training waits for a CPU one
        live.remove(Backend.CPU);
        assertThat(((Outcome.Routed) router.route(bytes(request("a3", null, template("lenet5-inference"))))).job()
                .backend()).isEqualTo(Backend.GPU);
        Outcome.Routed waitsForCpu = (Outcome.Routed) router.route(bytes(request("a3t", null,
                template("3fc-training"))));
        assertThat(waitsForCpu.job().backend()).isEqualTo(Backend.CPU);
        assertThat(waitsForCpu.event().routing()).contains("it waits for a CPU worker");

        // nobody: the CPU queue, where it waits (the API tells the user), never an arbitrary backend
        live.clear();
        Outcome.Routed waiting = (Outcome.Routed) router.route(bytes(request("a4", null,
                template("lenet5-inference"))));
        assertThat(waiting.job().backend()).isEqualTo(Backend.CPU);
        assertThat(waiting.event().routing()).contains("no worker for cpu or gpu is running");

        // an explicit choice is kept even without a worker: the API shows that none is running
        Outcome.Routed explicit = (Outcome.Routed) router.route(bytes(request("g1", Backend.GPU,
                template("3fc-training"))));
        assertThat(explicit.job().backend()).isEqualTo(Backend.GPU);
        assertThat(explicit.event().routing()).isNull();
    }

    @Test
    void theVgg8TemplateChoosesNoBackendSoItRunsWhereAWorkerIs() {
        Outcome.Routed routed = (Outcome.Routed) router.route(bytes(request("v", null, template("vgg8-training"))));
        assertThat(routed.job().backend()).isEqualTo(Backend.CPU);
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
