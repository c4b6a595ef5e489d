package io.analogcomposer.messaging.workers;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a service that routes or reports runs decides which workers are live.
 *
 * @param silence a worker not heard from for this long (and for at least two of its own announcement intervals) is no
 *        longer live; keep it above the workers' {@code composer.worker.announce-interval} (10 s by default)
 */
@ConfigurationProperties("composer.live-workers")
public record LiveWorkersProperties(@DefaultValue("30s") Duration silence) {

    public LiveWorkersProperties {
        if (silence == null || silence.isNegative() || silence.isZero()) {
            throw new IllegalArgumentException("composer.live-workers.silence must be a positive duration, was "
                    + silence);
        }
    }
}
