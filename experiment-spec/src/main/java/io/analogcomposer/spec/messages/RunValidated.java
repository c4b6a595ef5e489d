package io.analogcomposer.spec.messages;

import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.validation.Issue;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The run passed validation and is queued on {@code backend}.
 *
 * @param backend the concrete backend the job was routed to
 * @param warnings legal but suspicious settings, for the user
 */
public record RunValidated(int messageVersion, UUID eventId, String runId, int attempt, Instant timestamp,
        Backend backend, List<Issue> warnings) implements RunEvent {

    public RunValidated {
        RunMessage.checkHeader(messageVersion, eventId, runId, attempt, timestamp);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** The validated for a request; its event id is derived from the request's, so a redelivery repeats it. */
    public static RunValidated of(RunRequested request, Backend backend, List<Issue> warnings) {
        return new RunValidated(VERSION, RunMessage.derivedId(request.eventId(), "validated"), request.runId(),
                request.attempt(), Instant.now(), backend,
                warnings);
    }
}
