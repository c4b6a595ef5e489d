package io.analogcomposer.worker.engine;

/**
 * The stable categories a worker reports in {@code RunFailed.code}; the API and the UI may branch on them, the
 * reason next to them is for people.
 */
public enum FailureCode {
    /** The job's worker died (or could not report) too many times. */
    WORKER_CRASHED("worker_crashed"),
    /** The job message could not be read; it was moved to the dead-letter queue. */
    DEAD_LETTERED("dead_lettered"),
    /** The dataset's files are not installed where the worker looks. */
    DATASET_MISSING("dataset_missing"),
    /** The run needed more memory than the worker has. */
    OUT_OF_MEMORY("out_of_memory"),
    /** The experiment passed validation but the engine found it inconsistent (e.g. shapes vs. the dataset). */
    INVALID_EXPERIMENT("invalid_experiment"),
    /** The experiment asks for something this worker's engine cannot do yet. */
    UNSUPPORTED("unsupported"),
    /** Training produced a non-finite loss. */
    DIVERGED("diverged"),
    /** Anything else: a bug, reported with the exception's message. */
    INTERNAL_ERROR("internal_error");

    private final String wire;

    FailureCode(String wire) {
        this.wire = wire;
    }

    /** The value of {@code RunFailed.code}. */
    public String wire() {
        return wire;
    }
}
