package io.analogcomposer.worker.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.worker.cancel.Cancellations;
import io.analogcomposer.worker.testing.TestJobs;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RunningJobsTest {

    private final Cancellations cancellations = new Cancellations(10, Duration.ofMinutes(1), Clock.systemUTC());

    private RunningJob job(String runId, double progress) {
        RunningJob job = new RunningJob(TestJobs.tiny(runId, 1), 1, cancellations, null);
        job.progressed(progress);
        return job;
    }

    @Test
    void onShutdownJobsNearlyDoneFinishAndTheOthersAreHandedBack() {
        RunningJobs running = new RunningJobs();
        RunningJob early = job("early", 0.3);
        RunningJob late = job("late", 0.95);
        assertThat(running.add(early)).isTrue();
        assertThat(running.add(late)).isTrue();

        running.beginShutdown(0.9);

        assertThat(early.stopRequested()).isTrue();
        assertThat(late.stopRequested()).isFalse();
        assertThat(running.add(job("later", 0))).as("no job starts while stopping").isFalse();
        running.resume();
        assertThat(running.add(job("after-restart", 0))).isTrue();
    }

    @Test
    void aCancellationStopsTheRunningJobOfThatRunOnly() {
        RunningJob a = job("a", 0);
        RunningJob b = job("b", 0);
        cancellations.cancel("a", "cancelled by the user");
        assertThat(a.stopRequested()).isTrue();
        assertThat(b.stopRequested()).isFalse();
    }
}
