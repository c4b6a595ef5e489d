package io.analogcomposer.engine.analog.update;

/** How the update's x and d vectors become pulses (AIHWKit's {@code PulseType}); names are the format's. */
public enum PulseType {
    /** No pulses: the exact update is added to the device weights, still clipped to the device bounds. */
    NONE("none"),
    /** Independent Bernoulli bit trains of length BL for x and d; coincidences pulse the device. */
    STOCHASTIC_COMPRESSED("stochastic_compressed"),
    /**
     * No random trains: x and d become fractions of the train ({@code B |x_j|}, {@code A |d_i|}, optionally discretized
     * to {@code x_res_implicit} / {@code d_res_implicit}, clipped to 1) and a device receives
     * {@code rint(BL p_d p_x)} pulses (AIHWKit's {@code DeterministicImplicit}).
     */
    DETERMINISTIC_IMPLICIT("deterministic_implicit");

    private final String jsonName;

    PulseType(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The experiment format's name. */
    public String jsonName() {
        return jsonName;
    }

    /** The type for an experiment-format name; throws naming the allowed values. */
    public static PulseType fromJson(String name) {
        for (PulseType t : values()) {
            if (t.jsonName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException(
                "update.pulse_type '" + name
                        + "' is not supported; allowed: none, stochastic_compressed, deterministic_implicit");
    }
}
