package io.analogcomposer.worker.job;

/**
 * A job message no worker can process however often it is delivered: not JSON, not a job, an unknown contract
 * version, or the wrong backend's queue.
 */
final class PoisonMessage extends Exception {

    private static final long serialVersionUID = 1L;

    private final String runId;
    private final int attempt;

    PoisonMessage(String reason, String runId, int attempt) {
        super(reason);
        this.runId = runId;
        this.attempt = attempt;
    }

    /** The run the message belongs to, when it could be read; null otherwise. */
    String runId() {
        return runId;
    }

    int attempt() {
        return attempt;
    }
}
