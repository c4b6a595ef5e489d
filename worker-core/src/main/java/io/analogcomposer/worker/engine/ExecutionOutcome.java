package io.analogcomposer.worker.engine;

import io.analogcomposer.spec.messages.RunResult;

/** How an execution ended, when it did not fail. */
public sealed interface ExecutionOutcome {

    /** The job ran to its end. */
    record Completed(RunResult result) implements ExecutionOutcome {
        public Completed {
            if (result == null) {
                throw new IllegalArgumentException("a completed execution has a result");
            }
        }
    }

    /** The job stopped early because {@link ExecutionControl#stopRequested()} turned true. */
    record Stopped() implements ExecutionOutcome {}
}
