package io.analogcomposer.engine.analog.config;

import java.util.List;

/**
 * Training-time weight perturbations (AIHWKit's {@code WeightModifierParameter}); active only in training mode unless
 * {@code enableDuringTest}.
 *
 * @param type             the perturbation
 * @param stdDev           noise strength, relative to {@code amax}
 * @param perBatchSample   draw a fresh perturbation for every sample of the batch instead of once per batch
 * @param res              grid of the discretizing modifiers (fraction of amax; > 1 means number of steps)
 * @param stoRound         stochastic rounding for the discretizing modifiers
 * @param pdrop            probability of dropping a connection (applied after any type)
 * @param enableDuringTest also perturb in eval mode
 * @param relToActualWmax  amax is the actual max |w| of the tile (true) or {@code assumedWmax}
 * @param assumedWmax      amax when not relative to the actual one
 * @param coeffs           polynomial coefficients of POLY and PROG_NOISE
 * @param gMax             g_max (µS) the PROG_NOISE coefficients are expressed in
 */
public record WeightModifierParameters(WeightModifierType type, double stdDev, boolean perBatchSample, double res,
        boolean stoRound, double pdrop, boolean enableDuringTest, boolean relToActualWmax, double assumedWmax,
        List<Double> coeffs, double gMax) {

    /** No modification (AIHWKit default type COPY with no drop). */
    public static final WeightModifierParameters NONE = new WeightModifierParameters(WeightModifierType.NONE, 0.0,
            false, 0.0, false, 0.0, false, true, 1.0, List.of(0.26348, 1.9650, -1.1731), 25.0);

    /** Validates ranges. */
    public WeightModifierParameters {
        if (type == null) {
            throw new IllegalArgumentException("modifier.type must be set");
        }
        if (!(stdDev >= 0) || !(res >= 0) || !(assumedWmax > 0) || !(gMax > 0)) {
            throw new IllegalArgumentException(
                    "modifier: std_dev and res must be >= 0, assumed_wmax and g_max > 0; got "
                            + stdDev + ", " + res + ", " + assumedWmax + ", " + gMax);
        }
        if (!(pdrop >= 0 && pdrop < 1)) {
            throw new IllegalArgumentException("modifier.pdrop must be in [0, 1), got " + pdrop);
        }
        coeffs = coeffs == null ? List.of() : List.copyOf(coeffs);
    }

    /** Additive Gaussian noise of {@code std} times the tile's max |w| (the composer's default modifier). */
    public static WeightModifierParameters addNormal(double std) {
        return new WeightModifierParameters(WeightModifierType.ADD_NORMAL, std, false, 0, false, 0, false, true, 1,
                NONE.coeffs(), 25);
    }

    /** The same parameters with another type and strength. */
    public WeightModifierParameters with(WeightModifierType t, double std) {
        return new WeightModifierParameters(t, std, perBatchSample, res, stoRound, pdrop, enableDuringTest,
                relToActualWmax, assumedWmax, coeffs, gMax);
    }
}
