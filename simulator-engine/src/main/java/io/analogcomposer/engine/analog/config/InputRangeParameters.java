package io.analogcomposer.engine.analog.config;

/**
 * Learned input range (AIHWKit's {@code InputRangeParameter}): during training inputs are clipped to ±r and the DAC
 * scales by r instead of each vector's abs-max; r is learned by gradient, initialized from data, decays slowly, and
 * is kept large enough that at least {@code inputMinPercentage} of inputs are not clipped.
 *
 * @param enable             use an input range at all
 * @param learnInputRange    learn r (otherwise r stays at its initial/calibrated value)
 * @param initValue          initial r
 * @param initFromData       number of batches whose statistics initialize r (0 = use initValue)
 * @param initStdAlpha       r from data is {@code alpha·std(x)} averaged over those batches
 * @param decay              relative decay of r per step, counteracting growth
 * @param inputMinPercentage r grows when fewer than this fraction of inputs lie inside ±r
 */
public record InputRangeParameters(boolean enable, boolean learnInputRange, double initValue, int initFromData,
        double initStdAlpha, double decay, double inputMinPercentage) {

    /** Disabled (AIHWKit's default for inference configs). */
    public static final InputRangeParameters DISABLED = new InputRangeParameters(false, true, 3.0, 10, 3.0, 0.001,
            0.95);

    /** AIHWKit's values when enabled. */
    public static final InputRangeParameters LEARNED = new InputRangeParameters(true, true, 3.0, 10, 3.0, 0.001,
            0.95);

    /** Validates ranges. */
    public InputRangeParameters {
        if (!(initValue > 0) || initFromData < 0 || !(initStdAlpha > 0) || !(decay >= 0 && decay < 1)
                || !(inputMinPercentage >= 0 && inputMinPercentage <= 1)) {
            throw new IllegalArgumentException("input_range: init_value > 0, init_from_data >= 0, init_std_alpha > 0, "
                    + "decay in [0, 1), input_min_percentage in [0, 1] required; got " + initValue + ", " + initFromData
                    + ", " + initStdAlpha + ", " + decay + ", " + inputMinPercentage);
        }
    }
}
