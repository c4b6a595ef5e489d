package io.analogcomposer.api.run;

import io.analogcomposer.api.experiment.Experiment;
import io.analogcomposer.api.experiment.ExperimentRepository;
import io.analogcomposer.api.experiment.ExperimentService;
import io.analogcomposer.api.account.UserAccount;
import io.analogcomposer.api.account.UserAccountRepository;
import io.analogcomposer.api.audit.AuditLog;
import io.analogcomposer.api.conductance.ConductanceFileService;
import io.analogcomposer.api.dataset.UserDatasetService;
import io.analogcomposer.api.outbox.Outbox;
import io.analogcomposer.api.security.AccountPrincipal;
import io.analogcomposer.api.security.RateLimits;
import io.analogcomposer.api.security.SecuritySettings;
import org.springframework.http.HttpStatus;
import io.analogcomposer.api.web.ApiProblem;
import io.analogcomposer.api.web.ApiProblem.FieldError;
import io.analogcomposer.api.web.Cursor;
import io.analogcomposer.messaging.Topology;
import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.CancelRun;
import io.analogcomposer.spec.messages.RunRequested;
import io.analogcomposer.spec.datasets.UploadedDatasets;
import io.analogcomposer.spec.messages.TargetConductances;
import io.analogcomposer.spec.messages.UploadedDataset;
import tools.jackson.databind.JsonNode;
import io.analogcomposer.spec.meta.WireEnum;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Submitting, finding and cancelling runs of the signed-in user's experiments. */
@Service
public class RunService {

    private final ExperimentService experiments;
    private final RunRepository runs;
    private final Outbox outbox;
    private final Topology topology;
    private final RunEventHandler handler;
    private final RunMetrics metrics;
    private final JdbcClient jdbc;
    private final UserAccountRepository accounts;
    private final SecuritySettings settings;
    private final RateLimits limits;
    private final AuditLog audit;
    private final ExperimentRepository experimentRepository;
    private final ConductanceFileService conductanceFiles;
    private final UserDatasetService userDatasets;
    private final RunDocuments documents;

    RunService(ExperimentService experiments, RunRepository runs, Outbox outbox, Topology topology,
            RunEventHandler handler, RunMetrics metrics, JdbcClient jdbc, UserAccountRepository accounts,
            SecuritySettings settings, RateLimits limits, AuditLog audit, ExperimentRepository experimentRepository,
            ConductanceFileService conductanceFiles, UserDatasetService userDatasets, RunDocuments documents) {
        this.documents = documents;
        this.userDatasets = userDatasets;
        this.experimentRepository = experimentRepository;
        this.conductanceFiles = conductanceFiles;
        this.accounts = accounts;
        this.settings = settings;
        this.limits = limits;
        this.audit = audit;
        this.experiments = experiments;
        this.runs = runs;
        this.outbox = outbox;
        this.topology = topology;
        this.handler = handler;
        this.metrics = metrics;
        this.jdbc = jdbc;
    }

    /** The first key of the two-key advisory locks that serialise one user's submissions (any fixed number). */
    private static final int QUOTA_LOCK_SPACE = 0x52554e51;

    public record Page(List<Run> items, String nextCursor) {}

    /** A metric step of a run, as stored. */
    public record MetricStep(String kind, int step, int totalSteps, Double tInference, Integer repetitionsDone,
            Map<String, Object> metrics, java.time.Instant recordedAt) {}

    /**
     * The submission rate limit, checked before the submission's transaction: its bucket lives in the database too,
     * and taking a second connection inside a transaction could exhaust the pool under a burst.
     */
    public void checkSubmissionRate(AccountPrincipal me) {
        long wait = limits.tryConsume("submit:" + me.id(), settings.submissionsPerMinute());
        if (wait > 0) {
            throw new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "Too many submissions",
                    "You submitted more than " + settings.submissionsPerMinute() + " runs in a minute; retry in "
                            + wait + " s.",
                    List.of()).retryAfter(wait);
        }
    }

    /**
     * Stores the run as {@code waiting} and, in the same transaction, its validation job in the outbox: the job
     * is published if and only if the run exists.
     */
    @Transactional
    public Run submit(AccountPrincipal me, UUID experimentId, String backend) {
        UUID owner = me.id();
        Experiment experiment = experiments.get(owner, experimentId);
        Backend requested = parseBackend(backend);
        checkQuota(owner);
        JsonNode document = SpecJson.mapper().readTree(experiment.document());
        // an uploaded conductance file travels with the job (the hardware worker reaches only the broker)
        JsonNode fileId = document.path("inference").path("target_conductances");
        TargetConductances targets = fileId.isString() ? conductanceFiles.attachment(owner, fileId.asString()) : null;
        // so does an uploaded dataset (the submitter's own; a foreign or deleted one is a 400 at /dataset/name)
        JsonNode datasetName = document.path("dataset").path("name");
        UploadedDataset dataset = datasetName.isString() && UploadedDatasets.isReference(datasetName.asString())
                ? userDatasets.attachment(owner, datasetName.asString())
                : null;
        Run run = new Run(experiment.id(), owner, requested == null ? null : requested.wire());
        documents.insert(run, experiment.document());
        outbox.enqueue(run.id(), topology.jobsExchange(), Topology.VALIDATE_KEY,
                RunRequested.of(run.id().toString(), experiment.id().toString(), owner.toString(), requested,
                        document, targets, dataset));
        experimentRepository.refreshLastRunStatus(experiment.id());
        metrics.submitted(requested == null ? null : requested.wire());
        audit.record(owner, me.username(), "run.submitted", run.id().toString(),
                Map.of("experiment_id", experiment.id().toString(), "backend",
                        requested == null ? "document" : requested.wire()));
        return run;
    }

    /** A user's runs not yet finished are limited, so one user cannot fill every queue. */
    private void checkQuota(UUID owner) {
        // One submission of a user at a time counts and inserts: without it, parallel submissions all see the same
        // count and together pass the limit. A transaction-scoped advisory lock, not a row lock on the account: a
        // FOR UPDATE on user_account conflicts with the key-share locks every insert referencing the user takes
        // (runs, audit events), and under a burst the database broke the resulting deadlocks as 409s.
        jdbc.sql("SELECT 1 FROM pg_advisory_xact_lock(:space, hashtext(:owner))").param("space", QUOTA_LOCK_SPACE)
                .param("owner", owner.toString()).query(Integer.class).single();
        UserAccount account = accounts.findById(owner).orElseThrow();
        int maxQueued = account.maxQueuedRuns() == null ? settings.maxQueuedRuns() : account.maxQueuedRuns();
        int maxRunning = account.maxRunningRuns() == null ? settings.maxRunningRuns() : account.maxRunningRuns();
        long queued = jdbc.sql("SELECT count(*) FROM run WHERE owner_id = :owner"
                + " AND status IN ('waiting', 'validating', 'validated')").param("owner", owner)
                .query(Long.class).single();
        long running = jdbc.sql("SELECT count(*) FROM run WHERE owner_id = :owner AND status = 'running'")
                .param("owner", owner).query(Long.class).single();
        if (queued >= maxQueued || queued + running >= maxQueued + maxRunning) {
            throw new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "Run quota reached", "You have " + queued
                    + " queued and " + running + " running runs; the limits are " + maxQueued + " queued and "
                    + maxRunning + " running. Wait for some to finish or cancel them.", List.of()).retryAfter(30);
        }
    }

    /** A run of this owner ({@code null} owner: any run, for administrators). */
    @Transactional(readOnly = true)
    public Run get(UUID owner, UUID id) {
        return runs.findById(id).filter(r -> owner == null || r.ownerId().equals(owner))
                .orElseThrow(() -> ApiProblem.notFound("Run", id));
    }

    /**
     * One document or the result of a run of this owner ({@code null} owner: any run); empty when the run does not
     * have it (yet). The only reads of a run that fetch its large columns: see {@link RunDocuments}.
     */
    @Transactional(readOnly = true)
    public java.util.Optional<String> document(UUID owner, UUID id, RunDocuments.Part part) {
        get(owner, id);
        return documents.read(id, part);
    }

    /** Which documents a run of this owner has, without reading them. */
    @Transactional(readOnly = true)
    public java.util.Set<RunDocuments.Part> documentsPresent(UUID owner, UUID id) {
        get(owner, id);
        return documents.present(id);
    }

    @Transactional(readOnly = true)
    public Page list(UUID owner, UUID experimentId, String status, String cursor, Integer limit) {
        if (experimentId != null) {
            experiments.get(owner, experimentId); // 404 for experiments that are not the user's
        }
        if (status != null && !status.isBlank()) {
            RunStatus.fromWire(status);
        }
        Cursor position = Cursor.decode(cursor);
        int size = Cursor.limit(limit);
        List<Run> rows = runs.page(owner, experimentId, status == null || status.isBlank() ? null : status,
                position == null ? null : position.createdAt(), position == null ? null : position.id(), size + 1);
        String next = null;
        if (rows.size() > size) {
            rows = rows.subList(0, size);
            Run last = rows.get(size - 1);
            next = new Cursor(last.createdAt(), last.id()).encode();
        }
        return new Page(rows, next);
    }

    /**
     * Cancels a run. Not yet started by a worker: it ends {@code cancelled} at once (a job not yet published never
     * leaves; one queued for validation or on a backend is dropped by whoever receives it). Running: the cancel
     * request is broadcast and the worker confirms with a cancelled event at its next batch boundary.
     */
    @Transactional
    public Run cancel(AccountPrincipal me, UUID id) {
        // The job's outbox row before the run row, in the relay's order (it holds the row while publishing, then
        // marks the run validating): a cancel racing the publication waits for it instead of deadlocking.
        int unpublished = outbox.lockUnpublished(id, Topology.VALIDATE_KEY);
        // Lock first and check the owner on the locked row: reading it unlocked first would leave a stale copy
        // in the persistence context while events about the run are being applied.
        Run run = runs.lockById(id).filter(r -> me.admin() || r.ownerId().equals(me.id()))
                .orElseThrow(() -> ApiProblem.notFound("Run", id));
        audit.record(me.id(), me.username(), "run.cancelled", id.toString(), Map.of());
        if (run.status().terminal()) {
            throw ApiProblem.conflict("Run " + id + " already ended (" + run.status().wireName() + ")");
        }
        if (run.status() == RunStatus.WAITING && unpublished > 0
                && outbox.discardUnpublished(run.id(), Topology.VALIDATE_KEY) > 0) {
            handler.cancelBeforePublish(run, "cancelled by the user before it was queued");
            return run;
        }
        if (run.status() != RunStatus.RUNNING) {
            // No worker has started it, on whichever backend it waits (one with no worker at all included): it ends
            // now, and whoever holds its job drops it.
            handler.cancelQueued(run, "cancelled by the user before it started");
            return run;
        }
        if (!run.cancelRequested()) {
            run.requestCancel();
            outbox.enqueue(run.id(), topology.controlExchange(), "cancel",
                    CancelRun.of(run.id().toString(), Math.max(1, run.attempt()), "cancelled by the user"));
        }
        return run;
    }

    @Transactional(readOnly = true)
    public List<MetricStep> metrics(UUID owner, UUID id) {
        get(owner, id);
        return jdbc.sql("""
                SELECT kind, step, total_steps, t_inference, repetitions_done, metrics::text, recorded_at
                FROM run_metric WHERE run_id = :run ORDER BY kind, step
                """).param("run", id).query((rs, i) -> new MetricStep(rs.getString(1), rs.getInt(2), rs.getInt(3),
                (Double) rs.getObject(4), (Integer) rs.getObject(5), readMap(rs.getString(6)),
                rs.getObject(7, Timestamp.class).toInstant())).list();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readMap(String json) {
        return SpecJson.mapper().readValue(json, Map.class);
    }

    private static Backend parseBackend(String backend) {
        if (backend == null || backend.isBlank()) {
            return null;
        }
        List<String> allowed = WireEnum.wireNames(Backend.class);
        int index = allowed.indexOf(backend);
        if (index < 0) {
            throw ApiProblem.badRequest("Unknown backend", new FieldError("/backend",
                    "'" + backend + "' is not a backend", String.join(", ", allowed)));
        }
        return Backend.values()[index];
    }

    /** A stored file of a run. */
    public record StoredArtifact(String name, String mediaType, long sizeBytes, String sha256, byte[] content) {}

    /** The files a run produced, without their content. */
    @Transactional(readOnly = true)
    public List<StoredArtifact> storedArtifacts(UUID owner, UUID id) {
        get(owner, id);
        return jdbc
                .sql("SELECT name, media_type, size_bytes, sha256 FROM run_artifact WHERE run_id = :run ORDER BY name")
                .param("run", id).query((rs, i) -> new StoredArtifact(rs.getString(1), rs.getString(2), rs.getLong(3),
                        rs.getString(4), null))
                .list();
    }

    /** One stored file of a run, with its content. */
    @Transactional(readOnly = true)
    public java.util.Optional<StoredArtifact> storedArtifact(UUID owner, UUID id, String name) {
        get(owner, id);
        return jdbc.sql("SELECT name, media_type, size_bytes, sha256, content FROM run_artifact"
                + " WHERE run_id = :run AND name = :name").param("run", id).param("name", name)
                .query((rs, i) -> new StoredArtifact(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getBytes(5)))
                .optional();
    }
}
