package io.analogcomposer.worker.engine;

import io.analogcomposer.spec.messages.RunJob;

/**
 * Runs one validated job on this worker's backend. The runtime around it (queue, events, attempts, cancellation)
 * is the same for every backend; only this seam differs between the CPU, GPU and hardware workers.
 *
 * <p>Contract: report progress through {@code control} as steps finish, ask {@link ExecutionControl#stopRequested()}
 * at least between batches and return {@link ExecutionOutcome.Stopped} soon after it turns true; throw
 * {@link ExperimentFailure} for failures a user can act on (any other exception is reported as an internal error).
 */
public interface ExperimentExecutor {

    ExecutionOutcome execute(RunJob job, ExecutionControl control) throws ExperimentFailure;

    /**
     * What this executor computes on, for people (announcements), when it knows better than the worker's settings
     * (the GPU worker's device); empty to keep the worker's own description.
     */
    default java.util.Optional<String> device() {
        return java.util.Optional.empty();
    }

    /**
     * The chip this executor drives as it last found it (a hardware worker's), announced with the worker; asked at
     * every announcement, so it must answer at once. Empty for executors without a chip.
     */
    default java.util.Optional<io.analogcomposer.spec.messages.ChipStatus> chip() {
        return java.util.Optional.empty();
    }
}
