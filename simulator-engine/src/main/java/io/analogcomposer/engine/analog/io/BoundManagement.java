package io.analogcomposer.engine.analog.io;

/** What happens when an output saturates the ADC. */
public enum BoundManagement {
    /** Saturated outputs stay clipped. */
    NONE,
    /**
     * Recompute the vector with inputs halved until no output saturates, the reduction exceeds
     * {@code max_bm_factor}, or the halved input step would exceed {@code max_bm_res}.
     */
    ITERATIVE,
    /** Like {@link #ITERATIVE}, but the second round jumps to {@link NoiseManagement#ABS_MAX_NP_SUM} scaling. */
    ITERATIVE_WORST_CASE
}
