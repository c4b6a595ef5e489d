package io.analogcomposer.worker.job;

import io.analogcomposer.spec.messages.RunHeartbeat;
import io.analogcomposer.worker.WorkerIdentity;
import io.analogcomposer.worker.events.EventPublisher;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Publishes a heartbeat for every running job at a fixed interval, from its own thread: a job's thread is busy
 * computing, and a heartbeat must also come when an epoch takes longer than the interval.
 */
final class Heartbeats {

    private final RunningJobs running;
    private final EventPublisher events;
    private final WorkerIdentity worker;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    Heartbeats(RunningJobs running, EventPublisher events, WorkerIdentity worker, Duration interval) {
        this.running = running;
        this.events = events;
        this.worker = worker;
        this.interval = interval;
    }

    synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "worker-heartbeats");
            t.setDaemon(true);
            return t;
        });
        long millis = interval.toMillis();
        scheduler.scheduleAtFixedRate(this::beat, millis, millis, TimeUnit.MILLISECONDS);
    }

    synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    private void beat() {
        for (RunningJob job : running.snapshot()) {
            events.publish(RunHeartbeat.of(job.runId(), job.attempt(), worker.id()));
        }
    }
}
