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
 * @param routing why {@code backend: auto} went where it went, when that is worth telling the user (e.g. "no GPU
 *        worker is running, so it runs on a CPU worker"); null otherwise
 */
public record RunValidated(int messageVersion, UUID eventId, String runId, int attempt, Instant timestamp,
        Backend backend, List<Issue> warnings, String routing) implements RunEvent {

    public RunValidated {
        RunMessage.checkHeader(messageVersion, eventId, runId, attempt, timestamp);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** The validated for a request; its event id is derived from the request's, so a redelivery repeats it. */
    public static RunValidated of(RunRequested request, Backend backend, List<Issue> warnings) {
        return of(request, backend, warnings, null);
    }

    /** The same, with the reason of an automatic backend choice. */
    public static RunValidated of(RunRequested request, Backend backend, List<Issue> warnings, String routing) {
        return new RunValidated(VERSION, RunMessage.derivedId(request.eventId(), "validated"), request.runId(),
                request.attempt(), Instant.now(), backend, warnings, routing);
    }
}
