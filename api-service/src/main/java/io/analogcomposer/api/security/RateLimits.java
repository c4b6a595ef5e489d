package io.analogcomposer.api.security;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Token-bucket rate limits (Bucket4j) per key, e.g. sign-ins per client address and submissions per user. The
 * buckets live in PostgreSQL (table {@code rate_limit_bucket}, one row per key, updated under a row lock), so a
 * limit means the same with one API replica or six, and survives restarts and rollouts.
 *
 * <p>A limit that cannot be checked because the database is away lets the call through: the call itself then
 * fails on the database with a 503, and a rate limiter must not turn an outage into a wall of 500s.
 */
@Component
public class RateLimits {

    private static final Logger log = LoggerFactory.getLogger(RateLimits.class);

    private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;
    private final JdbcClient jdbc;

    public RateLimits(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING).table("rate_limit_bucket").idColumn("id")
                .stateColumn("state").expiresAtColumn("expires_at")
                // a row is worthless once its bucket would be full again
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                        Duration.ofSeconds(10)))
                .build();
    }

    /** Returns 0 when the call may proceed, else the whole seconds to wait before a retry can succeed. */
    public long tryConsume(String key, int perMinute) {
        try {
            ConsumptionProbe probe = bucket(key, perMinute).tryConsumeAndReturnRemaining(1);
            return probe.isConsumed() ? 0 : secondsToWait(probe.getNanosToWaitForRefill());
        } catch (RuntimeException e) {
            log.warn("Rate limit {} not checked (database unavailable?): {}", key, e.getMessage());
            return 0;
        }
    }

    /** Without consuming: 0 when the bucket has a token left, else the whole seconds until it has one. */
    public long waitIfExhausted(String key, int perMinute) {
        try {
            EstimationProbe probe = bucket(key, perMinute).estimateAbilityToConsume(1);
            return probe.canBeConsumed() ? 0 : secondsToWait(probe.getNanosToWaitForRefill());
        } catch (RuntimeException e) {
            log.warn("Rate limit {} not checked (database unavailable?): {}", key, e.getMessage());
            return 0;
        }
    }

    /** Takes a token if one is left (counting an event such as a failed credential check), never blocks. */
    public void record(String key, int perMinute) {
        tryConsume(key, perMinute);
    }

    private BucketProxy bucket(String key, int perMinute) {
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1))).build();
        return buckets.builder().build(key + "/" + perMinute, () -> configuration);
    }

    /** Rounded up, so that a client retrying after Retry-After seconds finds a token. */
    private static long secondsToWait(long nanos) {
        return Math.max(1, (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
    }

    /** Forgets every bucket (an operator's reset, and a clean start for tests). */
    void forgetAll() {
        jdbc.sql("DELETE FROM rate_limit_bucket").update();
    }

    /** Removes rows of buckets that are full again, so the table does not grow with every address ever seen. */
    @Scheduled(fixedDelay = 10, timeUnit = TimeUnit.MINUTES)
    void forgetIdle() {
        try {
            int removed;
            do {
                removed = buckets.removeExpired(1000);
            } while (removed == 1000);
        } catch (RuntimeException e) {
            log.debug("Could not remove expired rate-limit buckets: {}", e.getMessage());
        }
    }
}
