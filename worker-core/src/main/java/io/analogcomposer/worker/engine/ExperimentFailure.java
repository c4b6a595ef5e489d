package io.analogcomposer.worker.engine;

/** A run failed for a reason its user can act on; the message is that reason. */
public class ExperimentFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final FailureCode code;

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
