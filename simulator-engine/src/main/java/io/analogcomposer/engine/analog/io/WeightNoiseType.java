package io.analogcomposer.engine.analog.io;

/** Short-term weight noise during each MVM, added at the output. */
public enum WeightNoiseType {
    /** None. */
    NONE,
    /** Every weight has the same Gaussian noise: output noise {@code w_noise·||x||₂}. */
    ADDITIVE_CONSTANT,
    /** PCM read noise proportional to sqrt(|w|): output noise {@code w_noise·sqrt(Σ_j |w_ij| x_j²)}. */
    PCM_READ
}
