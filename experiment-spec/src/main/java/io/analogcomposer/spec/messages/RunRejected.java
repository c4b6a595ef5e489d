package io.analogcomposer.spec.messages;

import io.analogcomposer.spec.validation.Issue;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The run failed validation; it ends {@code failed} with every error as its reason.
 *
 * @param errors every error found, never empty
 * @param warnings legal but suspicious settings
 */
public record RunRejected(int messageVersion, UUID eventId, String runId, int attempt, Instant timestamp,
        List<Issue> errors, List<Issue> warnings) implements RunEvent {

    public RunRejected {
        RunMessage.checkHeader(messageVersion, eventId, runId, attempt, timestamp);
        if (errors == null || errors.isEmpty()) {
            throw new IllegalArgumentException("a rejection needs at least one error");
        }
        errors = List.copyOf(errors);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** The rejected for a request; its event id is derived from the request's, so a redelivery repeats it. */
    public static RunRejected of(RunRequested request, List<Issue> errors, List<Issue> warnings) {
        return new RunRejected(VERSION, RunMessage.derivedId(request.eventId(), "rejected"), request.runId(),
                request.attempt(), Instant.now(), errors,
                warnings);
    }
}
