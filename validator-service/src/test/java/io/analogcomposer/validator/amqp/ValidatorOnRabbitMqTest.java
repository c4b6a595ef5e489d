package io.analogcomposer.validator.amqp;

import static io.analogcomposer.validator.TestDocuments.bytes;
import static io.analogcomposer.validator.TestDocuments.request;
import static io.analogcomposer.validator.TestDocuments.template;
import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.messaging.Topology;
import io.analogcomposer.messaging.dispatch.DispatchTimes;
import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.CancelRun;
import io.analogcomposer.spec.messages.RunCancelled;
import io.analogcomposer.spec.messages.RunEvent;
import io.analogcomposer.spec.messages.RunJob;
import io.analogcomposer.spec.messages.RunRejected;
import io.analogcomposer.spec.messages.RunRequested;
import io.analogcomposer.spec.messages.RunValidated;
import io.analogcomposer.spec.validation.Issue;
import io.analogcomposer.testsupport.IsolatedServicesInitializer;
import io.analogcomposer.validator.TestDocuments;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.node.ObjectNode;

/**
 * The validator service against the real RabbitMQ, isolated by a queue prefix: requests go in on
 * {@code composer.jobs}/{@code validate} as the API sends them, and we read what comes out on the backend
 * queues, {@code events.api} and {@code jobs.validate.dlq}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = "composer.validator.max-message-bytes=2097152")
@ContextConfiguration(initializers = IsolatedServicesInitializer.class)
class ValidatorOnRabbitMqTest {

    static final long WAIT_MS = 10_000;

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    Topology topology;

    @Test
    void aValidRunIsRoutedToItsBackendQueueAndReportedValidated() {
        RunRequested request = request("valid-1", null, template("lenet5-inference"));
        submit(bytes(request));

        RunJob job = read(topology.jobQueue("cpu"), RunJob.class);
        assertThat(job.runId()).isEqualTo("valid-1");
        assertThat(job.backend()).isEqualTo(Backend.CPU);
        assertThat(job.spec().inference().tInference()).hasSize(7);
        assertThat(job.spec().network().layers().get(8).inFeatures()).isEqualTo(512);

        RunEvent event = nextEvent("valid-1");
        assertThat(event).isInstanceOfSatisfying(RunValidated.class,
                v -> assertThat(v.backend()).isEqualTo(Backend.CPU));
    }

    /** The moments the outbox relay stamped on a request travel on with its job, with the validator's own added. */
    @Test
    void theJobCarriesTheDispatchMomentsOfItsRequestAndWhenItWasValidated() {
        RunRequested request = request("timed-1", null, template("lenet5-inference"));
        Message message = message(bytes(request));
        long created = DispatchTimes.now() - 2_000;
        message.getMessageProperties().setHeader(DispatchTimes.CREATED, created);
        message.getMessageProperties().setHeader(DispatchTimes.RELAYED, created + 1_000);
        rabbit.send(topology.jobsExchange(), Topology.VALIDATE_KEY, message);

        Message job = rabbit.receive(topology.jobQueue("cpu"), WAIT_MS);
        assertThat(job).as("the job").isNotNull();
        Map<String, Object> headers = job.getMessageProperties().getHeaders();
        assertThat(((Number) headers.get(DispatchTimes.CREATED)).longValue()).isEqualTo(created);
        assertThat(((Number) headers.get(DispatchTimes.RELAYED)).longValue()).isEqualTo(created + 1_000);
        assertThat(((Number) headers.get(DispatchTimes.VALIDATED)).longValue()).isGreaterThanOrEqualTo(created + 1_000);
        assertThat(nextEvent("timed-1")).isInstanceOf(RunValidated.class);

        // a request without them (an older API) gives a job without them
        submit(bytes(request("untimed-1", null, template("lenet5-inference"))));
        Message untimed = rabbit.receive(topology.jobQueue("cpu"), WAIT_MS);
        assertThat(untimed).as("the job").isNotNull();
        assertThat(untimed.getMessageProperties().getHeaders()).doesNotContainKeys(DispatchTimes.CREATED,
                DispatchTimes.VALIDATED);
        nextEvent("untimed-1");
    }

    @Test
    void hardwareInferenceGoesToTheChipAndARequestedGpuToTheGpuQueue() {
        ObjectNode onChip = (ObjectNode) template("lenet5-inference");
        onChip.put("kind", "hardware_inference");
        submit(bytes(request("chip-1", null, onChip)));
        submit(bytes(request("gpu-1", Backend.GPU, template("3fc-training"))));

        assertThat(read(topology.jobQueue("hardware"), RunJob.class).runId()).isEqualTo("chip-1");
        assertThat(read(topology.jobQueue("gpu"), RunJob.class).runId()).isEqualTo("gpu-1");
    }

    @Test
    void anInvalidRunIsRejectedWithAllItsErrorsAndNotRouted() {
        submit(bytes(request("invalid-1", null, TestDocuments.invalid())));

        RunEvent event = nextEvent("invalid-1");
        assertThat(event).isInstanceOfSatisfying(RunRejected.class,
                r -> assertThat(r.errors()).extracting(Issue::pointer).contains("/nmae", "/training/epochs",
                        "/training/loss"));
        for (String backend : Topology.BACKEND_KEYS) {
            assertThat(rabbit.receive(topology.jobQueue(backend), 200)).isNull();
        }
    }

    @Test
    void malformedMessagesAreDeadLetteredWithTheirReasonAndTheServiceCarriesOn() {
        ObjectNode future = (ObjectNode) SpecJson.tree(request("v2", null, template("3fc-training")));
        future.put("message_version", 99);
        submit("this is not JSON".getBytes(StandardCharsets.UTF_8));
        submit(bytes(future));
        submit(new byte[3 * 1024 * 1024]);
        submit(bytes(request("after-poison", null, template("3fc-training"))));

        List<String> reasons = new ArrayList<>();
        String dlq = topology.deadLetterQueue(topology.validateQueue());
        for (int i = 0; i < 3; i++) {
            Message dead = rabbit.receive(dlq, WAIT_MS);
            assertThat(dead).as("dead letter %d", i + 1).isNotNull();
            reasons.add(String.valueOf(dead.getMessageProperties().getHeaders().get(ValidationListener.REASON_HEADER)));
        }
        assertThat(reasons).anyMatch(r -> r.contains("not a readable RunRequested"))
                .anyMatch(r -> r.contains("unsupported message_version 99"))
                .anyMatch(r -> r.contains("exceeds the limit"));
        assertThat(read(topology.jobQueue("cpu"), RunJob.class).runId()).isEqualTo("after-poison");
        assertThat(rabbit.receive(topology.validateQueue(), 200)).isNull();
    }

    @Test
    void aRunCancelledWhileQueuedIsDiscardedAndConfirmedCancelled() throws InterruptedException {
        rabbit.convertAndSend(topology.controlExchange(), "cancel",
                message(bytes(CancelRun.of("cancel-1", 1, "user"))));
        // The broadcast and the job travel through different queues; give the broadcast its head start.
        Thread.sleep(500);
        submit(bytes(request("cancel-1", null, template("3fc-training"))));

        assertThat(nextEvent("cancel-1")).isInstanceOf(RunCancelled.class);
        assertThat(rabbit.receive(topology.jobQueue("cpu"), 300)).isNull();
    }

    private void submit(byte[] body) {
        rabbit.send(topology.jobsExchange(), Topology.VALIDATE_KEY, message(body));
    }

    private static Message message(byte[] body) {
        return MessageBuilder.withBody(body).setContentType(MessageProperties.CONTENT_TYPE_JSON).build();
    }

    private <T> T read(String queue, Class<T> type) {
        Message message = rabbit.receive(queue, WAIT_MS);
        assertThat(message).as("a message on " + queue).isNotNull();
        return SpecJson.read(new String(message.getBody(), StandardCharsets.UTF_8), type);
    }

    /** The next event of this run on events.api (events of other runs of this test class are skipped). */
    private RunEvent nextEvent(String runId) {
        long deadline = System.nanoTime() + Duration.ofMillis(WAIT_MS).toNanos();
        while (System.nanoTime() < deadline) {
            Message message = rabbit.receive(topology.eventsQueue(), 1000);
            if (message == null) {
                continue;
            }
            RunEvent event = SpecJson.read(new String(message.getBody(), StandardCharsets.UTF_8), RunEvent.class);
            if (event.runId().equals(runId)) {
                return event;
            }
        }
        throw new AssertionError("no event for run " + runId + " on " + topology.eventsQueue());
    }
}
