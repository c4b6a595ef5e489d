package io.analogcomposer.engine.analog.inference;

import io.analogcomposer.engine.analog.util.Gaussian;
import io.analogcomposer.engine.random.Rng;

/**
 * The composer's "generic" device (AIHWKit's {@code StateIndependentNoiseModel}): programming noise
 * {@code σ = c0 + c1 r + c2 r²} (µS, default constant 0.2 µS), drift exponent {@code ν = drift_scale·|ν_mean +
 * ν_std·N|} independent of the state, and read noise relative to {@code g_d/g_max}:
 * {@code g = max(0, g_d + |g_d/g_max|·read_noise_scale·sqrt(ln((t'+t_read)/(2 t_read)))·N)}.
 *
 * @param converter      weight-to-conductance mapping
 * @param c0             constant programming-noise coefficient (µS)
 * @param c1             linear coefficient (µS)
 * @param c2             quadratic coefficient (µS)
 * @param progNoiseScale scale of the programming noise
 * @param driftNuMean    mean drift exponent
 * @param driftNuStd     device-to-device spread of the exponent
 * @param driftScale     scale of the drift exponents
 * @param t0             first-read time (s)
 * @param readNoiseScale scale of the read noise
 * @param tRead          1/f time constant (s)
 */
public record StateIndependentNoiseModel(ConductanceConverter converter, double c0, double c1, double c2,
        double progNoiseScale, double driftNuMean, double driftNuStd, double driftScale, double t0,
        double readNoiseScale, double tRead) implements NoiseModel {

    /** AIHWKit's defaults: 0.2 µS programming noise, ν ~ |N(0.1, 0.05)|, t0 = 20 s, 25 µS single pair. */
    public static final StateIndependentNoiseModel DEFAULT = new StateIndependentNoiseModel(
            SinglePairConverter.DEFAULT, 0.2, 0, 0, 1, 0.1, 0.05, 1, 20, 1, 250e-9);

    /** Validates every parameter. */
    public StateIndependentNoiseModel {
        if (converter == null) {
            throw new IllegalArgumentException("state_independent.converter must be given");
        }
        NoiseModel.checkScale("state_independent", "prog_noise_scale", progNoiseScale);
        NoiseModel.checkScale("state_independent", "drift_nu_std", driftNuStd);
        NoiseModel.checkScale("state_independent", "drift_scale", driftScale);
        NoiseModel.checkScale("state_independent", "read_noise_scale", readNoiseScale);
        NoiseModel.checkPositive("state_independent", "t_0", t0);
        NoiseModel.checkPositive("state_independent", "t_read", tRead);
        if (!Double.isFinite(driftNuMean) || !Double.isFinite(c0 + c1 + c2)) {
            throw new IllegalArgumentException("state_independent: drift_nu_mean and prog coefficients must be finite");
        }
    }

    /** The defaults with a user drift mean and spread (what the composer's generic device exposes). */
    public static StateIndependentNoiseModel withDrift(double nuMean, double nuStd) {
        StateIndependentNoiseModel d = DEFAULT;
        return new StateIndependentNoiseModel(d.converter, d.c0, d.c1, d.c2, d.progNoiseScale, nuMean, nuStd,
                d.driftScale, d.t0, d.readNoiseScale, d.tRead);
    }

    @Override
    public String type() {
        return "state_independent";
    }

    @Override
    public void programConductance(float[] gT, float[] gP, int from, int to, Rng rng) {
        double gMax = converter.gMax();
        for (int i = from; i < to; i++) {
            double r = gT[i] / gMax;
            double sig = c0 + r * (c1 + r * c2);
            gP[i] = (float) Math.max(0.0, gT[i] + progNoiseScale * sig * Gaussian.next(rng));
        }
    }

    @Override
    public void driftParameters(float[] gT, float[] nu, int from, int to, Rng rng) {
        for (int i = from; i < to; i++) {
            nu[i] = (float) (Math.abs(driftNuMean + driftNuStd * Gaussian.next(rng)) * driftScale);
        }
    }

    @Override
    public void driftConductance(float[] gP, float[] nu, double tInference, float[] out, int from, int to,
            Rng rng) {
        double t = tInference + t0;
        double logRatio = Math.log(t / t0);
        double sqrtLog = Math.sqrt(Math.log((t + tRead) / (2 * tRead)));
        double gMax = converter.gMax();
        for (int i = from; i < to; i++) {
            double g = gP[i];
            double gd = t > t0 ? g * Math.exp(-nu[i] * logRatio) : g;
            double v = gd + Math.abs(gd / gMax) * readNoiseScale * sqrtLog * Gaussian.next(rng);
            out[i] = (float) Math.max(0.0, v);
        }
    }
}
