package io.analogcomposer.api.run;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long a queued run waits for a worker of its backend.
 *
 * @param noWorkerTimeout a run queued on a backend that has had no live worker for this long fails with "no worker
 *        for &lt;backend&gt; is running" instead of waiting forever (a busy backend whose workers are live never
 *        times out: its runs are only waiting their turn)
 */
@ConfigurationProperties("composer.runs")
public record RunTimeouts(@DefaultValue("10m") Duration noWorkerTimeout) {

    public RunTimeouts {
        if (noWorkerTimeout == null || noWorkerTimeout.isNegative() || noWorkerTimeout.isZero()) {
            throw new IllegalArgumentException("composer.runs.no-worker-timeout must be a positive duration, was "
                    + noWorkerTimeout);
        }
    }
}
