package io.analogcomposer.engine.analog.io;

/** How the inputs are applied to the crossbar. */
public enum AnalogMvType {
    /** Positive and negative inputs together in one pass. */
    ONE_PASS,
    /** Negative then positive inputs in two analog passes, summed in analog before the ADC. */
    POS_NEG_SEPARATE,
    /** Two passes each through the ADC, summed digitally. */
    POS_NEG_SEPARATE_DIGITAL_SUM
}
