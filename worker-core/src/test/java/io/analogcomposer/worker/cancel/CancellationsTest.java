package io.analogcomposer.worker.cancel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CancellationsTest {

    /** A clock the test moves. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-11-23T12:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final ManualClock clock = new ManualClock();

    @Test
    void remembersTheReasonOfACancelledRun() {
        Cancellations cancellations = new Cancellations(10, Duration.ofHours(1), clock);
        cancellations.cancel("r1", "cancelled by the user");
        assertThat(cancellations.reason("r1")).contains("cancelled by the user");
        assertThat(cancellations.isCancelled("r2")).isFalse();
    }

    @Test
    void forgetsCancellationsAfterTheirTime() {
        Cancellations cancellations = new Cancellations(10, Duration.ofHours(1), clock);
        cancellations.cancel("r1", "x");
        clock.now = clock.now.plus(Duration.ofMinutes(59));
        assertThat(cancellations.isCancelled("r1")).isTrue();
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        assertThat(cancellations.isCancelled("r1")).isFalse();
        assertThat(cancellations.size()).isZero();
    }

    @Test
    void keepsAtMostItsCapacityForgettingTheOldestFirst() {
        Cancellations cancellations = new Cancellations(3, Duration.ofHours(1), clock);
        for (int i = 1; i <= 5; i++) {
            cancellations.cancel("r" + i, "x");
        }
        assertThat(cancellations.size()).isEqualTo(3);
        assertThat(cancellations.isCancelled("r1")).isFalse();
        assertThat(cancellations.isCancelled("r2")).isFalse();
        assertThat(cancellations.isCancelled("r5")).isTrue();
    }

    @Test
    void aBlankReasonStillCancels() {
        Cancellations cancellations = new Cancellations(3, Duration.ofHours(1), clock);
        cancellations.cancel("r1", " ");
        assertThat(cancellations.reason("r1")).contains("cancelled");
    }
}
