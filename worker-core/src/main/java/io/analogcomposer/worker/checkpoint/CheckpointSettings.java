package io.analogcomposer.worker.checkpoint;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How a worker saves the training state of its runs, so that a killed or stopped worker costs at most the epochs
 * since the last save.
 *
 * @param enabled whether training runs are saved at epoch boundaries and continued from their saved state
 * @param minInterval at most one save per run in this time (a save costs a copy of the model and a message); a
 *        worker handing a run back on shutdown saves regardless
 * @param maxSize larger states are not saved (they travel in one message and are kept in PostgreSQL)
 * @param fetchTimeout how long a later attempt waits for the saved state before starting from the first epoch
 * @param finishEpochWithin on shutdown, a training run may finish its epoch within this time, save and be handed
 *        back; past it, it stops at the next batch and continues from its last save
 */
@ConfigurationProperties("composer.worker.checkpoints")
public record CheckpointSettings(@DefaultValue("true") boolean enabled, @DefaultValue("30s") Duration minInterval,
        @DefaultValue("48MB") DataSize maxSize, @DefaultValue("10s") Duration fetchTimeout,
        @DefaultValue("20s") Duration finishEpochWithin) {

    public CheckpointSettings {
        minInterval = minInterval == null ? Duration.ofSeconds(30) : minInterval;
        maxSize = maxSize == null ? DataSize.ofMegabytes(48) : maxSize;
        fetchTimeout = fetchTimeout == null ? Duration.ofSeconds(10) : fetchTimeout;
        finishEpochWithin = finishEpochWithin == null ? Duration.ofSeconds(20) : finishEpochWithin;
        if (minInterval.isNegative()) {
            throw new IllegalArgumentException(
                    "composer.worker.checkpoints.min-interval must not be negative, was " + minInterval);
        }
        if (maxSize.toBytes() < 1) {
            throw new IllegalArgumentException("composer.worker.checkpoints.max-size must be positive, was " + maxSize);
        }
        if (fetchTimeout.isNegative() || fetchTimeout.isZero() || finishEpochWithin.isNegative()) {
            throw new IllegalArgumentException("composer.worker.checkpoints.fetch-timeout must be positive and "
                    + "finish-epoch-within not negative, were " + fetchTimeout + " and " + finishEpochWithin);
        }
    }

    /** The defaults, as the binder produces them without settings. */
    public static CheckpointSettings defaults() {
        return new CheckpointSettings(true, null, null, null, null);
    }
}
