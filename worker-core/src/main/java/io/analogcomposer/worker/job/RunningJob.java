package io.analogcomposer.worker.job;

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
    private volatile double progress;
    private volatile boolean handBackRequested;

    RunningJob(RunJob job, int attempt, Cancellations cancellations, EventPublisher events) {
        this.job = job;
        this.attempt = attempt;
        this.cancellations = cancellations;
        this.events = events;
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

    /** Asks the job to stop at the next batch boundary so the worker can hand it back. */
    void requestHandBack() {
        handBackRequested = true;
    }

    boolean handBackRequested() {
        return handBackRequested;
    }

    @Override
    public boolean stopRequested() {
        // asked between batches; a cancellation that arrived on the control queue is seen at the next boundary
        return handBackRequested || cancellations.isCancelled(job.runId());
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
