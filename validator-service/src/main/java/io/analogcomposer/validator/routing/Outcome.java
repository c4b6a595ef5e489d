package io.analogcomposer.validator.routing;

import io.analogcomposer.spec.messages.RunCancelled;
import io.analogcomposer.spec.messages.RunJob;
import io.analogcomposer.spec.messages.RunRejected;
import io.analogcomposer.spec.messages.RunValidated;

/** What to do with one message from the validation queue. */
public sealed interface Outcome {

    /** Valid: publish the job on its backend's queue, then the validated event. */
    record Routed(RunJob job, RunValidated event) implements Outcome {}

    /** Invalid document: publish the rejection with every error. */
    record Rejected(RunRejected event) implements Outcome {}

    /** The run was cancelled while queued: confirm with a cancelled event, route nothing. */
    record Discarded(RunCancelled event) implements Outcome {}

    /** Not a validation request we can read: move it to the dead-letter queue with this reason. */
    record DeadLetter(String reason) implements Outcome {}
}
