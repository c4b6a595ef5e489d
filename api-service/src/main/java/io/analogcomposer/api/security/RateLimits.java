package io.analogcomposer.api.security;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Token-bucket rate limits (Bucket4j) per key, e.g. sign-ins per client address and submissions per user.
 * Buckets live in this process: with several API replicas each enforces its own share.
 */
@Component
public class RateLimits {

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** Returns 0 when the call may proceed, else the whole seconds to wait before a retry can succeed. */
    public long tryConsume(String key, int perMinute) {
        ConsumptionProbe probe = bucket(key, perMinute).tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? 0 : secondsToWait(probe.getNanosToWaitForRefill());
    }

    /** Without consuming: 0 when the bucket has a token left, else the whole seconds until it has one. */
    public long waitIfExhausted(String key, int perMinute) {
        Bucket bucket = buckets.get(key + "/" + perMinute);
        if (bucket == null) {
            return 0;
        }
        EstimationProbe probe = bucket.estimateAbilityToConsume(1);
        return probe.canBeConsumed() ? 0 : secondsToWait(probe.getNanosToWaitForRefill());
    }

    /** Takes a token if one is left (counting an event such as a failed credential check), never blocks. */
    public void record(String key, int perMinute) {
        bucket(key, perMinute).tryConsume(1);
    }

    private Bucket bucket(String key, int perMinute) {
        return buckets.computeIfAbsent(key + "/" + perMinute, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1))
                        .build())
                .build());
    }

    /** Rounded up, so that a client retrying after Retry-After seconds finds a token. */
    private static long secondsToWait(long nanos) {
        return Math.max(1, (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
    }

    /** Forgets every bucket (an operator's reset, and a clean start for tests). */
    void forgetAll() {
        buckets.clear();
    }

    /** Forgets full buckets now and then so the map does not grow with every address ever seen. */
    @Scheduled(fixedDelay = 10, timeUnit = TimeUnit.MINUTES)
    void forgetIdle() {
        buckets.entrySet().removeIf(e -> {
            String key = e.getKey();
            int perMinute = Integer.parseInt(key.substring(key.lastIndexOf('/') + 1));
            return e.getValue().getAvailableTokens() >= perMinute;
        });
    }
}
