package io.analogcomposer.worker.job;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs this worker runs right now, and whether it is shutting down. Taking a job and starting the shutdown
 * exclude each other, so no job slips in after the worker decided what to hand back.
 */
public final class RunningJobs {

    private static final Logger log = LoggerFactory.getLogger(RunningJobs.class);

    private final Set<RunningJob> running = new LinkedHashSet<>();
    private boolean stopping;

    /** Registers a job; false when the worker is stopping and must not start it. */
    synchronized boolean add(RunningJob job) {
        if (stopping) {
            return false;
        }
        running.add(job);
        return true;
    }

    synchronized void remove(RunningJob job) {
        running.remove(job);
    }

    /** A snapshot of the running jobs. */
    public synchronized List<RunningJob> snapshot() {
        return new ArrayList<>(running);
    }

    public synchronized boolean stopping() {
        return stopping;
    }

    /** Accepts jobs again (the consumer was restarted). */
    synchronized void resume() {
        stopping = false;
    }

    /**
     * Stops taking jobs and asks every running job less than {@code finishAbove} done to stop at its next batch
     * boundary, to be handed back; the others are left to finish.
     */
    synchronized void beginShutdown(double finishAbove) {
        stopping = true;
        for (RunningJob job : running) {
            if (job.progress() >= finishAbove) {
                log.info("Shutting down: finishing run {} ({}% done)", job.runId(), Math.round(job.progress() * 100));
            } else {
                log.info("Shutting down: handing back run {} at the next batch boundary ({}% done)", job.runId(),
                        Math.round(job.progress() * 100));
                job.requestHandBack();
            }
        }
    }
}
