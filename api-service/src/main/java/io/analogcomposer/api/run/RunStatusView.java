package io.analogcomposer.api.run;

import java.util.UUID;

/** The few columns of a run that its status events carry: read for event streams, which may be many. */
public record RunStatusView(UUID id, UUID ownerId, RunStatus status, String backend, int attempt, String failureReason,
        String failureCode) {

    static RunStatusView of(Run run) {
        return new RunStatusView(run.id(), run.ownerId(), run.status(), run.backend(), run.attempt(),
                run.failureReason(), run.failureCode());
    }
}
