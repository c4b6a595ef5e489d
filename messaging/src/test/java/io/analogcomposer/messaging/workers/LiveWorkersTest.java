package io.analogcomposer.messaging.workers;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.messages.WorkerAnnouncement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveWorkersTest {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-12-07T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    final ManualClock clock = new ManualClock();
    final LiveWorkers workers = new LiveWorkers(Duration.ofSeconds(30), clock);

    private static WorkerAnnouncement announce(String id, Backend backend, int busy, boolean leaving) {
        return WorkerAnnouncement.of(id, backend, 2, busy, "simulator on 4 CPU threads", 10_000, leaving);
    }

    @Test
    void aWorkerIsLiveFromItsAnnouncementUntilItFallsSilentForTheConfiguredTime() {
        assertThat(workers.live(Backend.GPU)).isFalse();
        workers.heard(announce("gpu-1", Backend.GPU, 0, false));
        assertThat(workers.live(Backend.GPU)).isTrue();
        assertThat(workers.live(Backend.CPU)).as("only its own backend").isFalse();

        clock.advance(Duration.ofSeconds(29));
        assertThat(workers.live(Backend.GPU)).isTrue();
        workers.heard(announce("gpu-1", Backend.GPU, 1, false)); // announces again: another 30 s
        clock.advance(Duration.ofSeconds(29));
        assertThat(workers.of(Backend.GPU).busy()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(2));
        assertThat(workers.live(Backend.GPU)).as("silent for 31 s").isFalse();
        assertThat(workers.of(Backend.GPU).workers()).isZero();
        assertThat(workers.noneSince(Backend.GPU)).contains(clock.now.minusSeconds(1));
    }

    @Test
    void aLeavingWorkerIsGoneAtOnceAndTheOthersOfItsBackendStay() {
        workers.heard(announce("cpu-1", Backend.CPU, 0, false));
        workers.heard(announce("cpu-2", Backend.CPU, 2, false));
        assertThat(workers.of(Backend.CPU)).satisfies(b -> {
            assertThat(b.workers()).isEqualTo(2);
            assertThat(b.capacity()).isEqualTo(4);
            assertThat(b.busy()).isEqualTo(2);
        });
        workers.heard(announce("cpu-1", Backend.CPU, 0, true));
        assertThat(workers.of(Backend.CPU).workers()).isEqualTo(1);
        assertThat(workers.noneSince(Backend.CPU)).isEmpty();
        workers.heard(announce("cpu-2", Backend.CPU, 0, true));
        assertThat(workers.live(Backend.CPU)).isFalse();
        assertThat(workers.noneSince(Backend.CPU)).contains(clock.now);
    }

    @Test
    void aBackendNeverHeardOfHasHadNoWorkerSinceThisInstanceStartedListening() {
        Instant started = clock.now;
        clock.advance(Duration.ofMinutes(5));
        assertThat(workers.noneSince(Backend.GPU)).contains(started);
    }

    @Test
    void aWorkerWithALongIntervalIsKeptForTwoOfItsIntervals() {
        workers.heard(WorkerAnnouncement.of("slow", Backend.HARDWARE, 1, 0, "chip", 60_000, false));
        clock.advance(Duration.ofSeconds(119));
        assertThat(workers.live(Backend.HARDWARE)).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(workers.live(Backend.HARDWARE)).isFalse();
    }

    @Test
    void aHardwareWorkerKeepsTheChipItLastAnnounced() {
        workers.heard(WorkerAnnouncement.of("lab", Backend.HARDWARE, 1, 0, "chip", 10_000, false,
                new io.analogcomposer.spec.messages.ChipStatus("fusion-1", null, "fw/1", false, 1, 512, 2048, true,
                        "", clock.now)));
        workers.heard(WorkerAnnouncement.of("lab", Backend.HARDWARE, 1, 0, "chip", 10_000, false,
                new io.analogcomposer.spec.messages.ChipStatus("fusion-1", null, "fw/1", false, 1, 512, 2048, false,
                        "the chip does not answer", clock.now)));
        assertThat(workers.of(Backend.HARDWARE).instances()).singleElement()
                .satisfies(w -> assertThat(w.chip().online()).isFalse())
                .satisfies(w -> assertThat(w.chip().devices()).isEqualTo(512L * 2048));
        workers.heard(announce("cpu-1", Backend.CPU, 0, false));
        assertThat(workers.of(Backend.CPU).instances().getFirst().chip()).isNull();
    }

    @Test
    void arrivalsAreReportedOnceUntilTheWorkerWasGone() {
        List<String> arrived = new ArrayList<>();
        workers.onArrival(w -> arrived.add(w.id() + "/" + w.backend().wire()));
        workers.heard(announce("gpu-1", Backend.GPU, 0, false));
        workers.heard(announce("gpu-1", Backend.GPU, 0, false));
        assertThat(arrived).containsExactly("gpu-1/gpu");
        clock.advance(Duration.ofMinutes(1));
        workers.heard(announce("gpu-1", Backend.GPU, 0, false));
        assertThat(arrived).containsExactly("gpu-1/gpu", "gpu-1/gpu");
    }
}
