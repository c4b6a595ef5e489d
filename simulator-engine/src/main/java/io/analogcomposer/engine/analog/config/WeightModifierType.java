package io.analogcomposer.engine.analog.config;

/** Weight perturbations applied in the forward pass during hardware-aware training. */
public enum WeightModifierType {
    /** Unmodified weights. */
    NONE,
    /** Round {@code w/amax} to the grid {@code res}. */
    DISCRETIZE,
    /** {@code w + std_dev·amax·N}. */
    ADD_NORMAL,
    /** {@code w + w·std_dev·amax·N}. */
    MULT_NORMAL,
    /** {@code w + amax·std_dev·(Σ c_k (|w|/amax)^k)·N}. */
    POLY,
    /** PCM-like programming noise: the poly noise with coefficients in µS divided by g_max, sign preserved. */
    PROG_NOISE,
    /** Discretize, then add normal noise. */
    DISCRETIZE_ADD_NORMAL,
    /** Only drop connections with probability {@code pdrop}. */
    DROP_CONNECT
}
