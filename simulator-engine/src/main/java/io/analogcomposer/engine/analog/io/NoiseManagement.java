package io.analogcomposer.engine.analog.io;

/** How each input vector is scaled into the DAC range before the analog MVM (and the output scaled back). */
public enum NoiseManagement {
    /** No scaling: inputs are clipped at the input bound as they are. */
    NONE,
    /** Divide by the vector's largest |x| (optionally capped by {@code nm_thres}); the composer's default. */
    ABS_MAX,
    /** Divide by the vector's largest x. */
    MAX,
    /** Divide by {@code nm_thres} (or 1 when it is not set). */
    CONSTANT,
    /**
     * Divide by the larger of abs-max and an estimate of the output range from the sums of positive and negative
     * inputs, so the output bound is rarely hit.
     */
    ABS_MAX_NP_SUM,
    /**
     * Divide by a running average of the vectors' largest |x| over every vector the tile has read, in order
     * ({@code m ← (1 − 0.001)·m + 0.001·absmax}, starting at the first vector's): one scale drifting slowly instead of
     * one per vector, so large outliers saturate the DAC.
     */
    AVERAGE_ABS_MAX
}
