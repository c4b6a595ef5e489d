package io.analogcomposer.engine.analog.config;

/**
 * Remapping of weights to the full device range after each training step, moving the factor into the digital output
 * scales (AIHWKit's {@code WeightRemapParameter}).
 *
 * @param type          none, per layer, or per output channel
 * @param remappedWmax  the max |w| after remapping
 */
public record WeightRemapParameters(Type type, double remappedWmax) {
    /** Remapping strategies. */
    public enum Type {
        /** No remapping. */
        NONE,
        /** One factor for the whole layer. */
        LAYERWISE_SYMMETRIC,
        /** One factor per output channel. */
        CHANNELWISE_SYMMETRIC
    }

    /** No remapping. */
    public static final WeightRemapParameters NONE = new WeightRemapParameters(Type.NONE, 1.0);

    /** Validates ranges. */
    public WeightRemapParameters {
        if (type == null || !(remappedWmax > 0)) {
            throw new IllegalArgumentException("remap needs a type and remapped_wmax > 0, got " + type + ", "
                    + remappedWmax);
        }
    }
}
