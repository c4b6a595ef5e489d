package io.analogcomposer.worker.job;

import io.analogcomposer.worker.checkpoint.RunCheckpointing;
import io.analogcomposer.spec.messages.RunJob;
import io.analogcomposer.spec.messages.RunProgress;
import io.analogcomposer.worker.cancel.Cancellations;
import io.analogcomposer.worker.engine.ExecutionControl;
import io.analogcomposer.worker.events.EventPublisher;
import java.util.Map;

/** One job while it runs: what the executor reports to and asks of the runtime. */
public final class RunningJob implements ExecutionControl {

    private final RunJob job;
    private final int attempt;
    private final Cancellations cancellations;
    private final EventPublisher events;
    private final RunCheckpointing checkpoints;
    private volatile double progress;
    private volatile boolean handBackRequested;
    private volatile long handBackAt;
    private volatile boolean resumable;
    private long lastSave = System.nanoTime();

    RunningJob(RunJob job, int attempt, Cancellations cancellations, EventPublisher events) {
        this(job, attempt, cancellations, events, null);
    }

    /** @param checkpoints where training states are saved and fetched; null: nowhere */
    RunningJob(RunJob job, int attempt, Cancellations cancellations, EventPublisher events,
            RunCheckpointing checkpoints) {
        this.job = job;
        this.attempt = attempt;
        this.cancellations = cancellations;
        this.events = events;
        this.checkpoints = checkpoints;
    }

    public RunJob job() {
        return job;
    }

    public String runId() {
        return job.runId();
    }

    /** The attempt this execution reports as. */
    public int attempt() {
        return attempt;
    }

    /** Fraction done, 0..1. */
    public double progress() {
        return progress;
    }

    /**
     * Asks the job to stop so the worker can hand it back: at its epoch end if it trains in a session that can be
     * saved (within the configured time), else at the next batch boundary.
     */
    void requestHandBack() {
        handBackAt = System.nanoTime();
        handBackRequested = true;
    }

    @Override
    public boolean handBackRequested() {
        return handBackRequested;
    }

    @Override
    public boolean stopRequested() {
        // asked between batches; a cancellation that arrived on the control queue is seen at the next boundary
        if (cancellations.isCancelled(job.runId())) {
            return true;
        }
        if (!handBackRequested) {
            return false;
        }
        return !resumable || checkpoints == null
                || System.nanoTime() - handBackAt > checkpoints.settings().finishEpochWithin().toNanos();
    }

    @Override
    public void trainingResumable(boolean resumable) {
        this.resumable = resumable && checkpoints != null && checkpoints.settings().enabled();
    }

    @Override
    public byte[] savedTrainingState() {
        if (checkpoints == null || attempt <= 1) {
            return null; // a first attempt has nothing saved: no need to ask
        }
        return checkpoints.latest(job.runId()).map(r -> r.content()).orElse(null);
    }

    @Override
    public boolean saveTrainingState(int epochsDone, java.util.function.Supplier<byte[]> state, boolean force) {
        if (checkpoints == null || !checkpoints.settings().enabled()) {
            return false;
        }
        long now = System.nanoTime();
        if (!force && now - lastSave < checkpoints.settings().minInterval().toNanos()) {
            return false;
        }
        boolean saved = checkpoints.save(job.runId(), attempt, epochsDone, state.get());
        if (saved) {
            lastSave = now;
        }
        return saved;
    }

    @Override
    public void epochFinished(int step, int totalSteps, Map<String, Double> metrics) {
        progress = Math.max(progress, (step + 1) / (double) totalSteps);
        events.publish(RunProgress.epoch(job.runId(), attempt, step, totalSteps, metrics));
    }

    @Override
    public void inferenceTimeEvaluated(int index, int times, double tInference, int repetitionsDone,
            Map<String, Double> metrics) {
        events.publish(RunProgress.inferenceTime(job.runId(), attempt, index, times, tInference, repetitionsDone,
                metrics));
    }

    @Override
    public void progressed(double fraction) {
        progress = Math.max(progress, Math.min(1, fraction));
    }
}
