package io.analogcomposer.worker.hardware.chip;

import java.time.Duration;
import java.util.function.Supplier;

import io.analogcomposer.chip.client.ChipException;

/**
 * Retries one chip request while the chip is unreachable or its controller failed (e.g. the lab host restarted),
 * with exponential backoff. Re-sending a program chunk is safe: programming the same targets again only costs the
 * devices some pulses. Requests the chip refused are not retried.
 *
 * @param attempts tries per request, 1..20 (1 = no retry)
 * @param firstBackoff wait before the second try; doubles every try up to {@code maxBackoff}
 */
public record ChipRetry(int attempts, Duration firstBackoff, Duration maxBackoff) {

    public static final ChipRetry NONE = new ChipRetry(1, Duration.ZERO, Duration.ZERO);
    /** About a minute of patience: 1, 2, 4, 8, 16, 30 s. */
    public static final ChipRetry DEFAULT = new ChipRetry(7, Duration.ofSeconds(1), Duration.ofSeconds(30));

    public ChipRetry {
        if (attempts < 1 || attempts > 20) {
            throw new IllegalArgumentException("attempts is " + attempts + ", allowed 1..20");
        }
        if (firstBackoff.isNegative() || maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException("backoffs must satisfy 0 ≤ first_backoff ≤ max_backoff, got "
                    + firstBackoff + " and " + maxBackoff);
        }
    }

    <T> T call(Supplier<T> request) {
        Duration backoff = firstBackoff;
        for (int attempt = 1;; attempt++) {
            try {
                return request.get();
            } catch (ChipException e) {
                if (!e.retriable() || attempt >= attempts) {
                    throw e;
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            }
        }
    }
}
