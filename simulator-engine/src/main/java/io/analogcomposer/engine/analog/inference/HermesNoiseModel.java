package io.analogcomposer.engine.analog.inference;

import io.analogcomposer.engine.analog.util.Gaussian;
import io.analogcomposer.engine.random.Rng;

/**
 * PCM of IBM's HERMES chip (Le Gallo et al., Nat. Electron. 2023), AIHWKit's {@code HermesNoiseModel}: one device
 * per weight sign (g_max 10.35 µS, t0 200 s) or two (multi-device programming, g_max 20.7 µS, t0 300 s), a cubic
 * programming-noise polynomial and piecewise fits of the drift exponent and the read-noise scale q_s.
 *
 * @param numDevices     1 or 2 devices per unit cell
 * @param converter      weight-to-conductance mapping
 * @param progCoeff      programming-noise polynomial in µS, lowest order first
 * @param progCoeffGMaxReference g_max the coefficients were fitted at
 * @param tRead          1/f time constant (s)
 * @param t0             first-read time (s)
 * @param progNoiseScale scale of the programming noise
 * @param readNoiseScale scale of the read noise
 * @param driftScale     scale of the drift exponents
 */
public record HermesNoiseModel(int numDevices, ConductanceConverter converter, double[] progCoeff,
        double progCoeffGMaxReference, double tRead, double t0, double progNoiseScale, double readNoiseScale,
        double driftScale) implements NoiseModel {

    /** Validates every parameter. */
    public HermesNoiseModel {
        if (numDevices != 1 && numDevices != 2) {
            throw new IllegalArgumentException("hermes.num_devices must be 1 or 2, got " + numDevices);
        }
        double limit = numDevices == 1 ? 10.35 : 20.7;
        if (converter == null || converter.gMax() > limit + 1e-9) {
            throw new IllegalArgumentException("hermes with " + numDevices + " device(s) is characterized up to g_max="
                    + limit + " µS, got " + (converter == null ? null : converter.gMax()));
        }
        progCoeff = PcmLikeNoiseModel.checkCoeff("hermes", progCoeff);
        NoiseModel.checkPositive("hermes", "prog_coeff_g_max_reference", progCoeffGMaxReference);
        NoiseModel.checkPositive("hermes", "t_read", tRead);
        NoiseModel.checkPositive("hermes", "t_0", t0);
        NoiseModel.checkScale("hermes", "prog_noise_scale", progNoiseScale);
        NoiseModel.checkScale("hermes", "read_noise_scale", readNoiseScale);
        NoiseModel.checkScale("hermes", "drift_scale", driftScale);
    }

    /** AIHWKit's defaults for {@code num_devices} 1 or 2. */
    public static HermesNoiseModel defaults(int numDevices) {
        if (numDevices == 2) {
            return new HermesNoiseModel(2, SinglePairConverter.withGMax(20.7),
                    new double[]{0.16603222, 4.71806468, -8.48101252, 4.68961419}, 20.7, 512e-9, 300.0, 1, 1, 1);
        }
        if (numDevices == 1) {
            return new HermesNoiseModel(1, SinglePairConverter.withGMax(10.35),
                    new double[]{0.15781817, 2.32443916, -2.16310839, 0.68841818}, 10.35, 512e-9, 200.0, 1, 1, 1);
        }
        throw new IllegalArgumentException("hermes.num_devices must be 1 or 2, got " + numDevices);
    }

    @Override
    public double[] progCoeff() {
        return progCoeff.clone();
    }

    @Override
    public String type() {
        return "hermes";
    }

    @Override
    public void programConductance(float[] gT, float[] gP, int from, int to, Rng rng) {
        NoiseModel.programWithPolynomialNoise(progCoeff, converter.gMax(), progCoeffGMaxReference, progNoiseScale,
                gT, gP, from, to, rng);
    }

    @Override
    public void driftParameters(float[] gT, float[] nu, int from, int to, Rng rng) {
        double gMax = converter.gMax();
        for (int i = from; i < to; i++) {
            double r = Math.max(Math.abs(gT[i] / gMax), 1e-7);
            double lr = Math.log(r);
            double mu = r < 0.0945
                    ? NoiseModel.clip(-0.0387 * lr - 0.0182, 0.0720, 0.13)
                    : -0.0436 * r * r - 0.0126 * r + 0.0736;
            double sd;
            if (numDevices == 1) {
                sd = r < 0.3039
                        ? NoiseModel.clip(-0.0120 * lr - 0.0023, 0.0124, 0.04)
                        : -0.0165 * r * r + 0.0116 * r + 0.0104;
            } else {
                sd = r < 0.3055
                        ? NoiseModel.clip(-0.0117 * lr - 0.0057, 0.0091, 0.04)
                        : -0.0118 * r * r + 0.0093 * r + 0.0073;
            }
            nu[i] = (float) (Math.abs(mu + sd * Gaussian.next(rng)) * driftScale);
        }
    }

    /** Read-noise scale q_s as a function of the programmed relative conductance. */
    private double readScale(double r) {
        if (numDevices == 1) {
            return r < 0.1591
                    ? NoiseModel.clip(-0.0078 * Math.log(r) + 0.0038, 0.0179, 0.04)
                    : ((0.0664 * r - 0.1352) * r + 0.0768) * r + 0.0088;
        }
        return r < 0.16
                ? NoiseModel.clip(-0.0117 * Math.log(r) - 0.0069, 0.015, 0.04)
                : ((0.0069 * r - 0.0280) * r + 0.0211) * r + 0.0123;
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
            double q = readScale(Math.abs(g) / gMax);
            double v = gd + Math.abs(gd) * readNoiseScale * q * sqrtLog * Gaussian.next(rng);
            out[i] = (float) Math.max(0.0, v);
        }
    }
}
