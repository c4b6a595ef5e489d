package io.analogcomposer.engine.experiment;

/** How a run ended, in the composer's run-state vocabulary. */
public enum RunStatus {
    /** Trained every epoch and evaluated. */
    COMPLETED("completed"),
    /** Stopped at a batch boundary on request; metrics cover the finished epochs. */
    CANCELLED("cancelled");

    private final String value;

    RunStatus(String value) {
        this.value = value;
    }

    /** The wire name. */
    public String value() {
        return value;
    }
}
