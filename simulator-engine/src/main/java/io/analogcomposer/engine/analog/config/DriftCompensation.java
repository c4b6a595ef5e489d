package io.analogcomposer.engine.analog.config;

/** How outputs are rescaled in eval mode to undo the average conductance drift. */
public enum DriftCompensation {
    /** No compensation. */
    NONE,
    /**
     * One factor per tile, {@code α = ref / now}, where both are the mean |output| of the tile's own (noisy) forward
     * pass on all one-hot inputs: {@code ref} right after programming, {@code now} after drift (AIHWKit's
     * {@code GlobalDriftCompensation}).
     */
    GLOBAL,
    /** Like {@link #GLOBAL}, but the reference is the exact product of the target weights (no programming noise). */
    GLOBAL_EXACT_REFERENCE,
    /** One factor per output column (AIHWKit's {@code PerColumnDriftCompensation}). */
    PER_COLUMN
}
