package io.analogcomposer.validator.routing;

import io.analogcomposer.spec.datasets.DatasetCheck;
import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.RunCancelled;
import io.analogcomposer.spec.messages.RunJob;
import io.analogcomposer.spec.messages.RunMessage;
import io.analogcomposer.spec.messages.RunRejected;
import io.analogcomposer.spec.messages.RunRequested;
import io.analogcomposer.spec.messages.RunValidated;
import io.analogcomposer.spec.validation.Issue;
import io.analogcomposer.spec.validation.ValidationResult;
import io.analogcomposer.spec.validation.Validator;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Decides what happens to one validation request, without touching the broker: read the message, validate its
 * document, and route it, reject it, discard it (cancelled) or dead-letter it (unreadable). Never throws.
 */
public final class RunRouter {

    private final Validator validator;
    private final CancelledRuns cancelled;
    private final int maxMessageBytes;
    private final AutoRouting auto;
    private final DatasetCheck datasets;

    /**
     * @param auto where {@code backend: auto} goes (the validator's own choice for auto is replaced by it, which
     *        knows the live workers)
     */
    public RunRouter(Validator validator, CancelledRuns cancelled, int maxMessageBytes, AutoRouting auto) {
        this(validator, cancelled, maxMessageBytes, auto, null);
    }

    /**
     * @param auto where {@code backend: auto} goes
     * @param datasets refuses runs whose dataset is not installed, before they queue for a worker; null: not checked
     */
    public RunRouter(Validator validator, CancelledRuns cancelled, int maxMessageBytes, AutoRouting auto,
            DatasetCheck datasets) {
        this.validator = validator;
        this.cancelled = cancelled;
        this.maxMessageBytes = maxMessageBytes;
        this.auto = auto;
        this.datasets = datasets;
    }

    public Outcome route(byte[] body) {
        if (body == null || body.length == 0) {
            return new Outcome.DeadLetter("empty message");
        }
        if (body.length > maxMessageBytes) {
            return new Outcome.DeadLetter(
                    "message of " + body.length + " bytes exceeds the limit of " + maxMessageBytes + " bytes");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return new Outcome.DeadLetter("message is not UTF-8 text");
        }
        RunRequested request;
        try {
            JsonNode tree = SpecJson.mapper().readTree(text);
            if (!tree.isObject()) {
                return new Outcome.DeadLetter("message is JSON but not an object");
            }
            JsonNode version = tree.get("message_version");
            if (version == null || !version.isIntegralNumber() || version.asInt() != RunMessage.VERSION) {
                return new Outcome.DeadLetter("unsupported message_version " + version + " (this validator reads "
                        + RunMessage.VERSION + ")");
            }
            request = SpecJson.read(tree, RunRequested.class);
        } catch (JacksonException | IllegalArgumentException e) {
            String reason = e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
            return new Outcome.DeadLetter("not a readable RunRequested: " + firstLine(reason));
        }
        try {
            return decide(request);
        } catch (RuntimeException e) {
            // The spec's validator never throws; this guards the routing around it, so one odd message cannot
            // stop the consumer.
            return new Outcome.DeadLetter("validation failed unexpectedly: " + e.getClass().getSimpleName());
        }
    }

    private Outcome decide(RunRequested request) {
        if (cancelled.contains(request.runId())) {
            return new Outcome.Discarded(new RunCancelled(RunMessage.VERSION,
                    RunMessage.derivedId(request.eventId(), "cancelled"), request.runId(), request.attempt(),
                    Instant.now(), "cancelled before validation"));
        }
        JsonNode document = request.document();
        if (request.backend() != null && document instanceof ObjectNode object) {
            // The backend chosen when submitting the run wins over the one stored in the document.
            ObjectNode copy = object.deepCopy();
            copy.put("backend", request.backend().wire());
            document = copy;
        }
        // an uploaded dataset's facts (shape, classes, sizes) come with the request, from the API's database
        ValidationResult result = document == null
                ? validator.validate((String) null)
                : validator.validate(document, UploadedDatasetCheck.facts(request.uploadedDataset()));
        if (!result.valid()) {
            return new Outcome.Rejected(RunRejected.of(request, result.errors(), result.warnings()));
        }
        Issue conductances = ConductanceCheck.check(result.resolved(), request.targetConductances());
        if (conductances != null) {
            return new Outcome.Rejected(RunRejected.of(request, List.of(conductances), result.warnings()));
        }
        Issue uploaded = UploadedDatasetCheck.check(result.resolved(), request.uploadedDataset());
        if (uploaded != null) {
            return new Outcome.Rejected(RunRejected.of(request, List.of(uploaded), result.warnings()));
        }
        Issue dataset = datasets == null ? null : datasets.check(result.resolved());
        if (dataset != null) {
            return new Outcome.Rejected(RunRejected.of(request, List.of(dataset), result.warnings()));
        }
        Backend backend = result.backend();
        String reason = null;
        Backend wanted = result.resolved().backend();
        if (wanted == null || wanted == Backend.AUTO) {
            AutoRouting.Choice choice = auto.choose(result.resolved());
            backend = choice.backend();
            reason = choice.reason();
        }
        return new Outcome.Routed(RunJob.of(request, backend, result.resolved()),
                RunValidated.of(request, backend, result.warnings(), reason));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int newline = s.indexOf('\n');
        String line = newline < 0 ? s : s.substring(0, newline);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
