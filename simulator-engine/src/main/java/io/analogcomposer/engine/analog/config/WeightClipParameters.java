package io.analogcomposer.engine.analog.config;

/**
 * Weight clipping after each training step (AIHWKit's {@code WeightClipParameter}).
 *
 * @param type       none, fixed value, or a multiple of the layer's weight std
 * @param fixedValue clip at ±fixedValue (FIXED_VALUE)
 * @param sigma      clip at ±sigma·std(w) (LAYER_GAUSSIAN)
 */
public record WeightClipParameters(Type type, double fixedValue, double sigma) {
    /** Clipping strategies. */
    public enum Type {
        /** No clipping. */
        NONE,
        /** ±fixed_value. */
        FIXED_VALUE,
        /** ±sigma times the standard deviation of the layer's weights. */
        LAYER_GAUSSIAN
    }

    /** No clipping. */
    public static final WeightClipParameters NONE = new WeightClipParameters(Type.NONE, -1.0, 2.5);

    /** Validates ranges. */
    public WeightClipParameters {
        if (type == null) {
            throw new IllegalArgumentException("clip.type must be set");
        }
        if (type == Type.FIXED_VALUE && !(fixedValue > 0)) {
            throw new IllegalArgumentException("clip.fixed_value must be > 0 for FIXED_VALUE, got " + fixedValue);
        }
        if (type == Type.LAYER_GAUSSIAN && !(sigma > 0)) {
            throw new IllegalArgumentException("clip.sigma must be > 0 for LAYER_GAUSSIAN, got " + sigma);
        }
    }

    /** Clip at ±value. */
    public static WeightClipParameters fixed(double value) {
        return new WeightClipParameters(Type.FIXED_VALUE, value, 2.5);
    }
}
