package io.analogcomposer.worker.preview;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Whether this worker answers the composer's preview questions ({@code composer.worker.preview.*}).
 *
 * @param enabled {@code null} (the default) for: yes on CPU workers, no elsewhere. A GPU or hardware worker's time
 *        is better spent on jobs, and a preview is a few milliseconds of CPU.
 * @param concurrency how many previews this worker computes at the same time
 */
@ConfigurationProperties("composer.worker.preview")
public record PreviewProperties(Boolean enabled, @DefaultValue("2") int concurrency) {

    public PreviewProperties {
        if (concurrency < 1) {
            throw new IllegalArgumentException(
                    "composer.worker.preview.concurrency must be at least 1, was " + concurrency);
        }
    }

    /** Whether a worker of this backend answers previews. */
    public boolean enabledFor(String backend) {
        return enabled == null ? "cpu".equals(backend) : enabled;
    }
}
