package io.analogcomposer.api.run;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One execution of an experiment's document. Its status only moves forward ({@link RunStatus#canMoveTo}); the
 * methods that apply events return whether they changed anything, so callers can tell duplicates apart.
 * <p>
 * This entity maps only the run's small columns (state, times, validation issues): the documents and the result
 * (up to ~1 MiB each, in the same row) are read and written through {@link RunDocuments}, only where a response or
 * a step needs them, so status polls, event streams, lists, the watchdog and every event a worker sends neither
 * select nor rewrite them.
 */
@Entity
@Table(name = "run")
public class Run {

    @Id
    private UUID id;

    @Column(name = "experiment_id", nullable = false)
    private UUID experimentId;

    @Column(name = "owner_id", nullable = false)
    private UUID ownerId;

    @Column(nullable = false)
    private RunStatus status;

    @Column(name = "requested_backend")
    private String requestedBackend;

    private String backend;

    /** Why {@code auto} went to {@link #backend}, as the validator said; null for a backend the user named. */
    private String routing;

    @Column(nullable = false)
    private int attempt;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    private String errors;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    private String warnings;

    @Column(name = "failure_reason")
    private String failureReason;

    @Column(name = "failure_code")
    private String failureCode;

    private String worker;

    @Column(name = "cancel_requested", nullable = false)
    private boolean cancelRequested;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "validated_at")
    private Instant validatedAt;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Column(name = "last_seen_at")
    private Instant lastSeenAt;

    @Version
    private long version;

    protected Run() {
    }

    /** A new run, {@code waiting}; its row is written with its submitted document by {@link RunDocuments#insert}. */
    Run(UUID experimentId, UUID ownerId, String requestedBackend) {
        this.id = UUID.randomUUID();
        this.experimentId = experimentId;
        this.ownerId = ownerId;
        this.requestedBackend = requestedBackend;
        this.status = RunStatus.WAITING;
        this.createdAt = Instant.now();
    }

    /** The job left the outbox for the validator. */
    boolean markValidating() {
        return moveTo(RunStatus.VALIDATING);
    }

    /** Returns true when the validation is recorded: then the caller stores the resolved document too. */
    boolean markValidated(String backend, String routing, String warnings, Instant at) {
        if (!moveTo(RunStatus.VALIDATED)) {
            // The validator's event can arrive after the worker's "started", or even after its end: keep what it
            // says, not its state (a run that ended without ever starting, e.g. cancelled while queued, stays so).
            if (validatedAt != null || status.terminal() && startedAt == null && !endedBeforeItsStartWasHeard()) {
                return false;
            }
            if (this.backend == null) {
                this.backend = backend;
            }
            this.routing = routing;
            this.warnings = warnings;
            this.validatedAt = at;
            return true;
        }
        this.backend = backend;
        this.routing = routing;
        this.warnings = warnings;
        this.validatedAt = at;
        return true;
    }

    boolean markRejected(String errors, String warnings, String reason, Instant at) {
        if (!moveTo(RunStatus.FAILED)) {
            return false;
        }
        this.errors = errors;
        this.warnings = warnings;
        this.failureReason = reason;
        this.failureCode = "validation_failed";
        this.finishedAt = at;
        return true;
    }

    /**
     * A worker started the job. A later attempt of a run already running (its worker died and the job was
     * redelivered) is a restart, not a duplicate. So is the running attempt started by another worker: a broker that
     * recovered the job from its store after a crash (the standalone's embedded one) cannot flag it as redelivered,
     * so the next worker counts the same attempt; the run now belongs to that worker.
     */
    boolean markStarted(int attempt, String backend, String worker, Instant at) {
        if (endedBeforeItsStartWasHeard() && attempt >= this.attempt) {
            // the worker's end overtook its start: the start is still this run's history
            this.attempt = attempt;
            this.backend = backend;
            this.worker = worker;
            this.startedAt = at;
            return true;
        }
        boolean takenOver = status == RunStatus.RUNNING && attempt == this.attempt && worker != null
                && !worker.equals(this.worker);
        boolean restart = status == RunStatus.RUNNING && (attempt > this.attempt || takenOver);
        if (!restart && !moveTo(RunStatus.RUNNING)) {
            return false;
        }
        this.attempt = attempt;
        this.backend = backend;
        this.worker = worker;
        if (startedAt == null) {
            startedAt = at;
        }
        this.lastSeenAt = at;
        return true;
    }

    /**
     * Only a worker completes a run, so a completed run without a worker heard the end of its worker before the start
     * (and perhaps before the validation): events reach the replicas through competing consumers and can overtake
     * each other. Those late events are still the run's history and are recorded, without touching its state.
     */
    private boolean endedBeforeItsStartWasHeard() {
        return status == RunStatus.COMPLETED && worker == null;
    }

    /**
     * Whether a step of {@code attempt} that arrives after the run ended belongs to it: the ended attempt's, or, when
     * the end overtook the start, the attempt that start will name (adopted here).
     */
    boolean keepsLateStepOf(int attempt) {
        if (attempt == this.attempt) {
            return true;
        }
        if (endedBeforeItsStartWasHeard() && attempt > this.attempt) {
            this.attempt = attempt;
            return true;
        }
        return false;
    }

    /** Progress implies the run is running even if its started event is late. */
    boolean markProgress(int attempt, Instant at) {
        if (status.terminal()) {
            return false;
        }
        if (status != RunStatus.RUNNING) {
            moveTo(RunStatus.RUNNING);
            startedAt = startedAt == null ? at : startedAt;
        }
        this.attempt = Math.max(this.attempt, attempt);
        this.lastSeenAt = at;
        return true;
    }

    /** Returns true when the run ends completed: then the caller stores its result. */
    boolean markCompleted(Instant at) {
        if (!moveTo(RunStatus.COMPLETED)) {
            return false;
        }
        this.finishedAt = at;
        return true;
    }

    boolean markFailed(String reason, String code, Instant at) {
        if (!moveTo(RunStatus.FAILED)) {
            return false;
        }
        this.failureReason = reason;
        this.failureCode = code;
        this.finishedAt = at;
        return true;
    }

    boolean markCancelled(String reason, Instant at) {
        if (!moveTo(RunStatus.CANCELLED)) {
            return false;
        }
        this.failureReason = reason;
        this.finishedAt = at;
        return true;
    }

    /**
     * The user cancels a run no worker has started: it ends now. Whoever still holds its job (the validator, a
     * backend queue) drops it when it sees the broadcast cancellation, and a worker that starts it anyway is told
     * again; their late events cannot move a run that ended.
     */
    boolean cancelBeforeStart(String reason, Instant at) {
        if (status == RunStatus.RUNNING || !markCancelled(reason, at)) {
            return false;
        }
        this.cancelRequested = true;
        return true;
    }

    void requestCancel() {
        this.cancelRequested = true;
    }

    void seen(Instant at) {
        this.lastSeenAt = at;
    }

    private boolean moveTo(RunStatus next) {
        if (!status.canMoveTo(next)) {
            return false;
        }
        status = next;
        return true;
    }

    public UUID id() {
        return id;
    }

    public UUID experimentId() {
        return experimentId;
    }

    public UUID ownerId() {
        return ownerId;
    }

    public RunStatus status() {
        return status;
    }

    public String requestedBackend() {
        return requestedBackend;
    }

    public String backend() {
        return backend;
    }

    public String routing() {
        return routing;
    }

    public int attempt() {
        return attempt;
    }

    public String errors() {
        return errors;
    }

    public String warnings() {
        return warnings;
    }

    public String failureReason() {
        return failureReason;
    }

    public String failureCode() {
        return failureCode;
    }

    public String worker() {
        return worker;
    }

    public boolean cancelRequested() {
        return cancelRequested;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant validatedAt() {
        return validatedAt;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant finishedAt() {
        return finishedAt;
    }

    public Instant lastSeenAt() {
        return lastSeenAt;
    }
}
