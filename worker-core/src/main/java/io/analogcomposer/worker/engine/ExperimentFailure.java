package io.analogcomposer.worker.engine;

import io.analogcomposer.engine.data.DatasetNotFoundException;
import java.io.IOException;

/** A run failed for a reason its user can act on; the message is that reason. */
public class ExperimentFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final FailureCode code;

    /**
     * What an exception from the engine's data loading, training or evaluation means for the user: a dataset that is
     * missing (its message names the files and every directory searched) or unreadable, a run that diverged, or a
     * document the engine cannot run as written. Shared by every executor so the same problem reads the same.
     */
    public static ExperimentFailure fromEngine(IOException e, String datasetName) {
        if (e instanceof DatasetNotFoundException) {
            return new ExperimentFailure(FailureCode.DATASET_MISSING, e.getMessage(), e);
        }
        return new ExperimentFailure(FailureCode.DATASET_MISSING,
                "dataset '" + datasetName + "' could not be read: " + e.getMessage(), e);
    }

    /** @see #fromEngine(IOException, String) */
    public static ExperimentFailure fromEngine(RuntimeException e) {
        if (e instanceof ArithmeticException) {
            return new ExperimentFailure(FailureCode.DIVERGED, e.getMessage(), e);
        }
        return new ExperimentFailure(FailureCode.INVALID_EXPERIMENT,
                "the experiment cannot run as specified: " + e.getMessage(), e);
    }

    public ExperimentFailure(FailureCode code, String reason) {
        this(code, reason, null);
    }

    public ExperimentFailure(FailureCode code, String reason, Throwable cause) {
        super(reason, cause);
        if (code == null || reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a failure needs a code and a reason");
        }
        this.code = code;
    }

    public FailureCode code() {
        return code;
    }

    /** The sentence for the user. */
    public String reason() {
        return getMessage();
    }
}
