package io.analogcomposer.api.preview;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Engine-backed previews ({@code composer.preview.*}).
 *
 * @param timeout how long a request waits for a worker's answer before the API answers 503; a preview takes a
 *        worker milliseconds, so a long wait means the workers are busy or gone
 * @param cacheEntries answers kept in memory (least recently used dropped first); previews are deterministic, so
 *        a user moving a slider back and forth asks the workers once per position
 * @param perMinute previews per user per minute that go to a worker (answers from the cache are not counted)
 */
@ConfigurationProperties("composer.preview")
public record PreviewProperties(@DefaultValue("10s") Duration timeout, @DefaultValue("500") int cacheEntries,
        @DefaultValue("120") int perMinute) {

    public PreviewProperties {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("composer.preview.timeout must be a positive duration, was " + timeout);
        }
        if (cacheEntries < 0) {
            throw new IllegalArgumentException("composer.preview.cache-entries must be >= 0, was " + cacheEntries);
        }
        if (perMinute < 1) {
            throw new IllegalArgumentException("composer.preview.per-minute must be at least 1, was " + perMinute);
        }
    }
}
