package io.analogcomposer.engine.analog.config;

/**
 * How a logical weight matrix is laid onto physical tiles (AIHWKit's {@code MappingParameter}).
 *
 * @param digitalBias             bias added in digital after the tile (true) or stored as an extra analog column
 * @param weightScalingOmega      if > 0, weights are rescaled so their max |w| (per tile, or per column) maps to
 *                                omega, and the inverse factor is applied digitally at the output
 * @param weightScalingColumnwise one scale per output column instead of per tile
 * @param learnOutScaling         learn a digital output scale during training
 * @param outScalingColumnwise    the learned scale is per output column instead of one per layer
 * @param maxInputSize            largest tile input size; larger layers are split (0 = no limit)
 * @param maxOutputSize           largest tile output size; larger layers are split (0 = no limit)
 * @param weightScalingLrCompensation in training, divide each tile's learning rate by the mean of its mapping
 *                                scales instead of dividing the update signal by each column's scale
 */
public record MappingParameters(boolean digitalBias, double weightScalingOmega, boolean weightScalingColumnwise,
        boolean learnOutScaling, boolean outScalingColumnwise, int maxInputSize, int maxOutputSize,
        boolean weightScalingLrCompensation) {

    /** Without learning-rate compensation (AIHWKit's default). */
    public MappingParameters(boolean digitalBias, double weightScalingOmega, boolean weightScalingColumnwise,
            boolean learnOutScaling, boolean outScalingColumnwise, int maxInputSize, int maxOutputSize) {
        this(digitalBias, weightScalingOmega, weightScalingColumnwise, learnOutScaling, outScalingColumnwise,
                maxInputSize, maxOutputSize, false);
    }

    /** AIHWKit's defaults: digital bias, no weight scaling, 512 x 512 tiles. */
    public static final MappingParameters DEFAULT = new MappingParameters(true, 0.0, false, false, false, 512, 512);

    /** Validates ranges. */
    public MappingParameters {
        if (!(weightScalingOmega >= 0) || Double.isInfinite(weightScalingOmega)) {
            throw new IllegalArgumentException(
                    "mapping.weight_scaling_omega must be finite and >= 0, got " + weightScalingOmega);
        }
        if (maxInputSize < 0 || maxOutputSize < 0) {
            throw new IllegalArgumentException(
                    "mapping.max_input_size and max_output_size must be >= 0 (0 = no limit), "
                            + "got " + maxInputSize + " and " + maxOutputSize);
        }
    }
}
