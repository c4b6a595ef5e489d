package io.analogcomposer.api.security;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
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

    /** Returns 0 when the call may proceed, else the seconds to wait before retrying. */
    public long tryConsume(String key, int perMinute) {
        Bucket bucket = buckets.computeIfAbsent(key + "/" + perMinute, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1))
                        .build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill()));
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
