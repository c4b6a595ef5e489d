package io.analogcomposer.api.run;

import io.analogcomposer.api.experiment.ExperimentRepository;
import io.analogcomposer.api.outbox.BrokerOrderedCommits;
import io.analogcomposer.api.outbox.Outbox;
import io.analogcomposer.api.outbox.OutboxPublished;
import io.analogcomposer.messaging.Topology;
import io.analogcomposer.spec.json.SpecJson;
import io.analogcomposer.spec.messages.CancelRun;
import io.analogcomposer.api.checkpoint.RunCheckpoints;
import io.analogcomposer.spec.messages.RunArtifact;
import io.analogcomposer.spec.messages.RunCheckpoint;
import io.analogcomposer.spec.messages.RunCancelled;
import io.analogcomposer.spec.messages.RunCompleted;
import io.analogcomposer.spec.messages.RunEvent;
import io.analogcomposer.spec.messages.RunFailed;
import io.analogcomposer.spec.messages.RunHeartbeat;
import io.analogcomposer.spec.messages.RunProgress;
import io.analogcomposer.spec.messages.RunRejected;
import io.analogcomposer.spec.messages.RunStarted;
import io.analogcomposer.spec.messages.RunValidated;
import io.analogcomposer.spec.validation.Issue;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies run events to the run's state machine, exactly once per event id and only forwards: a duplicate, a
 * late or an out-of-order event can never move a run back or end it twice.
 */
@Component
public class RunEventHandler {

    private static final Logger log = LoggerFactory.getLogger(RunEventHandler.class);

    private final RunRepository runs;
    private final ExperimentRepository experiments;
    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final Topology topology;
    private final RunMetrics metrics;
    private final ApplicationEventPublisher publisher;
    private final DocumentResolver resolver;
    private final RunWaiting waiting;
    private final RunCheckpoints checkpoints;
    private final RunDocuments documents;
    private final BrokerOrderedCommits commits;

    RunEventHandler(RunRepository runs, ExperimentRepository experiments, JdbcClient jdbc, Outbox outbox,
            Topology topology, RunMetrics metrics, ApplicationEventPublisher publisher, DocumentResolver resolver,
            RunWaiting waiting, RunCheckpoints checkpoints, RunDocuments documents, BrokerOrderedCommits commits) {
        this.commits = commits;
        this.documents = documents;
        this.checkpoints = checkpoints;
        this.resolver = resolver;
        this.waiting = waiting;
        this.runs = runs;
        this.experiments = experiments;
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.topology = topology;
        this.metrics = metrics;
        this.publisher = publisher;
    }

    /**
     * Applies one event; returns whether it changed the run (false for duplicates and stale events). The event is
     * acknowledged to the broker only after this commits, so the commit may skip the disk where the broker's
     * acknowledgement is ordered behind it ({@link BrokerOrderedCommits}).
     */
    @Transactional
    public boolean apply(RunEvent event) {
        commits.relax();
        UUID runId;
        try {
            runId = UUID.fromString(event.runId());
        } catch (IllegalArgumentException e) {
            log.warn("Dropping {} event for a run id that is not ours: {}", event.eventName(), event.runId());
            return false;
        }
        if (event instanceof RunHeartbeat beat) {
            // Heartbeats change no state and are many: no duplicate bookkeeping, just "last seen".
            runs.lockById(runId).filter(r -> r.status() == RunStatus.RUNNING).ifPresent(r -> r.seen(beat.timestamp()));
            return false;
        }
        if (event instanceof RunArtifact artifact) {
            return storeArtifact(runId, artifact);
        }
        if (event instanceof RunCheckpoint checkpoint) {
            // kept only while the run goes on: a late copy after its end would never be dropped
            Run run = runs.lockById(runId).orElse(null);
            return run != null && !run.status().terminal() && checkpoints.store(runId, checkpoint);
        }
        int firstTime = jdbc.sql("""
                INSERT INTO processed_event (event_id, run_id, processed_at) VALUES (:id, :run, :now)
                ON CONFLICT (event_id) DO NOTHING
                """).param("id", event.eventId()).param("run", runId).param("now", Timestamp.from(Instant.now()))
                .update();
        if (firstTime == 0) {
            return false;
        }
        Run run = runs.lockById(runId).orElse(null);
        if (run == null) {
            log.warn("Dropping {} event for unknown run {}", event.eventName(), runId);
            return false;
        }
        RunStatus before = run.status();
        Instant at = event.timestamp();
        boolean changed = switch (event) {
            case RunValidated e -> recordValidation(run, e, at);
            case RunRejected e -> run.markRejected(SpecJson.write(e.errors()), SpecJson.write(e.warnings()),
                    rejectionReason(e.errors()), at);
            case RunStarted e -> {
                boolean started = run.markStarted(e.attempt(), e.backend().wire(), e.worker(), at);
                if (started && run.cancelRequested()) {
                    // The cancel may have been broadcast before this worker listened; say it again.
                    outbox.enqueue(run.id(), topology.controlExchange(), "cancel",
                            CancelRun.of(run.id().toString(), e.attempt(), "cancelled by the user"));
                } else if (!started && run.status().terminal()
                        && (run.startedAt() == null || e.attempt() > run.attempt())) {
                    // A worker took the job of a run that already ended (cancelled or given up while queued, or a
                    // redelivery after its end): it must not spend hours on it. Its own end is ignored.
                    outbox.enqueue(run.id(), topology.controlExchange(), "cancel", CancelRun.of(run.id().toString(),
                            e.attempt(), "the run already ended (" + run.status().wireName() + ")"));
                }
                yield started;
            }
            // A step can arrive after the run's end (events travel on several channels); it is the ended
            // attempt's data, so it is kept, without touching the state. Steps of older attempts are dropped.
            case RunProgress e -> (run.status().terminal()
                    ? run.keepsLateStepOf(e.attempt())
                    : run.markProgress(e.attempt(), at)) && recordProgress(run, e);
            case RunCompleted e -> recordCompletion(run, e, at);
            case RunFailed e -> run.markFailed(e.reason(), e.code(), at);
            case RunCancelled e -> run.markCancelled(e.reason(), at);
            case RunHeartbeat e -> false;
            case RunArtifact e -> false;
            case RunCheckpoint e -> false;
        };
        if (!changed) {
            return false;
        }
        afterChange(run, before);
        return true;
    }

    /**
     * The run passed validation: its state changes, and its resolved document is stored beside it. The only event
     * that reads a document, once per run: the resolved form is computed from the submitted one.
     */
    private boolean recordValidation(Run run, RunValidated validated, Instant at) {
        if (!run.markValidated(validated.backend().wire(), validated.routing(), SpecJson.write(validated.warnings()),
                at)) {
            return false;
        }
        String submitted = documents.read(run.id(), RunDocuments.Part.SUBMITTED).orElseThrow();
        String resolved = resolver.resolve(submitted, run.ownerId());
        if (resolved != null) {
            documents.store(run.id(), RunDocuments.Part.RESOLVED, resolved);
        }
        return true;
    }

    /** The run completed: its result is written, in the transaction that ends it, without reading anything large. */
    private boolean recordCompletion(Run run, RunCompleted completed, Instant at) {
        if (!run.markCompleted(at)) {
            return false;
        }
        documents.store(run.id(), RunDocuments.Part.RESULT, SpecJson.write(completed.result()));
        return true;
    }

    /** The validation job left the outbox: the run is now with the validator. */
    @EventListener
    void onOutboxPublished(OutboxPublished published) {
        if (published.runId() == null || !published.routingKey().equals(Topology.VALIDATE_KEY)) {
            return;
        }
        runs.lockById(published.runId()).ifPresent(run -> {
            RunStatus before = run.status();
            if (run.markValidating()) {
                afterChange(run, before);
            }
        });
    }

    /** Marks a run failed from inside the API (e.g. its worker went silent), through the same rules. */
    @Transactional
    public boolean failFromApi(UUID runId, String reason, String code) {
        Run run = runs.lockById(runId).orElse(null);
        if (run == null) {
            return false;
        }
        RunStatus before = run.status();
        if (!run.markFailed(reason, code, Instant.now())) {
            return false;
        }
        afterChange(run, before);
        return true;
    }

    /**
     * Fails a run from the API and tells its worker to stop (a run past its maximum duration): the failure is
     * recorded at once, the worker's later events about it change nothing.
     */
    @Transactional
    public boolean failAndStop(UUID runId, String reason, String code) {
        Run run = runs.lockById(runId).orElse(null);
        return run != null && failAndStop(run, reason, code);
    }

    /** Marks the locked run failed and tells every worker to drop or stop its job. */
    private boolean failAndStop(Run run, String reason, String code) {
        RunStatus before = run.status();
        if (!run.markFailed(reason, code, Instant.now())) {
            return false;
        }
        outbox.enqueue(run.id(), topology.controlExchange(), "cancel",
                CancelRun.of(run.id().toString(), Math.max(1, run.attempt()), reason));
        afterChange(run, before);
        return true;
    }

    /**
     * Cancels a run that no worker has started (queued for validation or on a backend), at once: the validator and
     * every worker are told to drop its job, and a worker that starts it anyway is told again (see RunStarted).
     */
    @Transactional
    public boolean cancelQueued(Run run, String reason) {
        RunStatus before = run.status();
        if (!run.cancelBeforeStart(reason, Instant.now())) {
            return false;
        }
        outbox.enqueue(run.id(), topology.controlExchange(), "cancel",
                CancelRun.of(run.id().toString(), Math.max(1, run.attempt()), reason));
        afterChange(run, before);
        return true;
    }

    /**
     * Fails a queued run whose backend has had no live worker for the configured wait, if that is still so once the
     * run is locked (a worker may have started it meanwhile). Its job stays in the backend's queue, so every worker
     * is told to drop it.
     */
    @Transactional
    public boolean failWithoutWorker(UUID runId) {
        Run run = runs.lockById(runId).orElse(null);
        if (run == null || waiting.deadline(run).filter(at -> !at.isAfter(Instant.now())).isEmpty()) {
            return false;
        }
        return failAndStop(run, waiting.failure(run), "no_worker");
    }

    /** Cancels a run whose job has not left the outbox: nothing else has seen it. */
    @Transactional
    public boolean cancelBeforePublish(Run run, String reason) {
        RunStatus before = run.status();
        if (!run.markCancelled(reason, Instant.now())) {
            return false;
        }
        afterChange(run, before);
        return true;
    }

    /**
     * Stores a file the run produced; a redelivered or later attempt's copy replaces the earlier one. Files whose
     * checksum does not match their content are refused rather than offered for download.
     */
    private boolean storeArtifact(UUID runId, RunArtifact artifact) {
        if (!RunArtifact.sha256(artifact.content()).equalsIgnoreCase(artifact.sha256())) {
            log.warn("Dropping artifact {} of run {}: checksum mismatch", artifact.name(), runId);
            return false;
        }
        Run run = runs.lockById(runId).orElse(null);
        if (run == null || run.status() == RunStatus.CANCELLED || run.status() == RunStatus.FAILED) {
            return false;
        }
        jdbc.sql("""
                INSERT INTO run_artifact (run_id, name, media_type, size_bytes, sha256, content, attempt, created_at)
                VALUES (:run, :name, :type, :size, :sha, :content, :attempt, :at)
                ON CONFLICT (run_id, name) DO UPDATE SET media_type = EXCLUDED.media_type,
                    size_bytes = EXCLUDED.size_bytes, sha256 = EXCLUDED.sha256, content = EXCLUDED.content,
                    attempt = EXCLUDED.attempt, created_at = EXCLUDED.created_at
                """).param("run", runId).param("name", artifact.name())
                .param("type", artifact.mediaType() == null ? "application/octet-stream" : artifact.mediaType())
                .param("size", (long) artifact.content().length).param("sha", artifact.sha256())
                .param("content", artifact.content()).param("attempt", artifact.attempt())
                .param("at", Timestamp.from(artifact.timestamp())).update();
        return true;
    }

    private boolean recordProgress(Run run, RunProgress progress) {
        jdbc.sql("""
                INSERT INTO run_metric (run_id, kind, step, total_steps, t_inference, repetitions_done, metrics,
                                        recorded_at)
                VALUES (:run, :kind, :step, :total, :t, :reps, CAST(:metrics AS jsonb), :at)
                ON CONFLICT (run_id, kind, step) DO UPDATE SET total_steps = EXCLUDED.total_steps,
                    t_inference = EXCLUDED.t_inference, repetitions_done = EXCLUDED.repetitions_done,
                    metrics = EXCLUDED.metrics, recorded_at = EXCLUDED.recorded_at
                """).param("run", run.id()).param("kind", progress.kind().wire()).param("step", progress.step())
                .param("total", progress.totalSteps()).param("t", progress.tInference())
                .param("reps", progress.repetitionsDone()).param("metrics", SpecJson.write(progress.metrics()))
                .param("at", Timestamp.from(progress.timestamp())).update();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("kind", progress.kind().wire());
        data.put("step", progress.step());
        data.put("total_steps", progress.totalSteps());
        if (progress.tInference() != null) {
            data.put("t_inference", progress.tInference());
        }
        data.put("metrics", progress.metrics());
        publisher.publishEvent(new RunChanged(run.id(), run.ownerId(), "metric", data));
        return true;
    }

    private void afterChange(Run run, RunStatus before) {
        if (run.status().terminal()) {
            checkpoints.discard(run.id());
        }
        if (before != run.status()) {
            experiments.refreshLastRunStatus(run.experimentId());
            metrics.transition(run, before);
            publisher.publishEvent(new RunChanged(run.id(), run.ownerId(), "status", RunViews.statusEvent(run,
                    waiting.detail(run))));
        }
    }

    private static String rejectionReason(List<Issue> errors) {
        return "The experiment is not valid (" + errors.size() + " error" + (errors.size() == 1 ? "" : "s") + "): "
                + errors.stream().limit(5).map(Issue::toString).collect(Collectors.joining("; "))
                + (errors.size() > 5 ? "; …" : "");
    }
}
