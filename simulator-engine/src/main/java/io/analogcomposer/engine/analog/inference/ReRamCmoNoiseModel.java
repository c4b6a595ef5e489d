package io.analogcomposer.engine.analog.inference;

import io.analogcomposer.engine.analog.util.Gaussian;
import io.analogcomposer.engine.random.Rng;

/**
 * Filamentary CMO/HfOx ReRAM (AIHWKit's {@code ReRamCMONoiseModel}), one bidirectional device per weight between
 * 9 and 88.2 µS. Programming noise is linear in the target (µS, not normalized), without clamping. Relaxation at
 * time t > 0: {@code g_m = g_prog + mean0·ln t·drift_scale}, {@code g_d = g_m + (std0·ln t + std1)·drift_scale·N},
 * read noise {@code K·log10(g_d)·sqrt(ln((t+t_read)/(2 t_read)))·read_noise_scale·N}, clamped to the device range.
 * At t = 0 the programmed conductance is returned unchanged.
 *
 * <p>
 * Fidelity choice: AIHWKit's default {@code acceptance_range = 0.02} is not a key of its table {0.2, 2}, so it falls
 * back to the smallest key, 0.2 (the tighter program-and-verify); {@link #DEFAULT} reproduces that.
 *
 * @param converter       single-device converter
 * @param progC0          constant programming-noise coefficient (µS)
 * @param progC1          slope of the programming noise in g_T
 * @param progNoiseScale  scale of the programming noise
 * @param decayMean       slope of the mean relaxation in ln t (µS)
 * @param decayStd0       slope of the relaxation spread in ln t (µS)
 * @param decayStd1       constant relaxation spread (µS)
 * @param driftScale      scale of the relaxation
 * @param readK           read-noise coefficient
 * @param tRead           read-noise time constant (s)
 * @param readNoiseScale  scale of the read noise
 */
public record ReRamCmoNoiseModel(SingleDeviceConverter converter, double progC0, double progC1,
        double progNoiseScale, double decayMean, double decayStd0, double decayStd1, double driftScale, double readK,
        double tRead, double readNoiseScale) implements NoiseModel {

    /** Programming coefficients for the 0.2 % acceptance range. */
    public static final double[] ACCEPTANCE_0_2 = {0.00081107, 0.00106879};
    /** Programming coefficients for the 2 % acceptance range. */
    public static final double[] ACCEPTANCE_2 = {0.0112185391, 0.01129027418};

    /** AIHWKit 1.0.0 defaults (0.2 % acceptance range, see class notes). */
    public static final ReRamCmoNoiseModel DEFAULT = new ReRamCmoNoiseModel(SingleDeviceConverter.DEFAULT,
            ACCEPTANCE_0_2[0], ACCEPTANCE_0_2[1], 1, -0.08900206, 0.04201137, 0.41183342, 1, 0.0277316483, 1e-6, 1);

    /** Validates the scales and times. */
    public ReRamCmoNoiseModel {
        if (converter == null) {
            throw new IllegalArgumentException("reram_cmo.converter must be given");
        }
        NoiseModel.checkScale("reram_cmo", "prog_noise_scale", progNoiseScale);
        NoiseModel.checkScale("reram_cmo", "drift_scale", driftScale);
        NoiseModel.checkScale("reram_cmo", "read_noise_scale", readNoiseScale);
        NoiseModel.checkPositive("reram_cmo", "t_read", tRead);
    }

    /** The defaults with the program-and-verify acceptance range 0.2 or 2 (percent of the target). */
    public static ReRamCmoNoiseModel withAcceptanceRange(double percent) {
        double[] c;
        if (percent == 0.2) {
            c = ACCEPTANCE_0_2;
        } else if (percent == 2.0) {
            c = ACCEPTANCE_2;
        } else {
            throw new IllegalArgumentException("reram_cmo.acceptance_range must be 0.2 or 2 (percent), got " + percent);
        }
        ReRamCmoNoiseModel d = DEFAULT;
        return new ReRamCmoNoiseModel(d.converter, c[0], c[1], d.progNoiseScale, d.decayMean, d.decayStd0,
                d.decayStd1, d.driftScale, d.readK, d.tRead, d.readNoiseScale);
    }

    @Override
    public String type() {
        return "reram_cmo";
    }

    @Override
    public void programConductance(float[] gT, float[] gP, int from, int to, Rng rng) {
        for (int i = from; i < to; i++) {
            double sig = progC0 + progC1 * gT[i];
            gP[i] = (float) (gT[i] + sig * Gaussian.next(rng) * progNoiseScale);
        }
    }

    @Override
    public void driftParameters(float[] gT, float[] out, int from, int to, Rng rng) {
        System.arraycopy(gT, from, out, from, to - from); // relaxation does not depend on a per-device parameter
    }

    @Override
    public void driftConductance(float[] gP, float[] param, double t, float[] out, int from, int to, Rng rng) {
        if (t == 0) {
            System.arraycopy(gP, from, out, from, to - from);
            return;
        }
        double lt = Math.log(t);
        double shift = decayMean * lt * driftScale;
        double sigRelax = (decayStd0 * lt + decayStd1) * driftScale;
        double sqrtLog = Math.sqrt(Math.log((t + tRead) / (2 * tRead)));
        double lo = converter.gMin(), hi = converter.gMax();
        for (int i = from; i < to; i++) {
            double gd = gP[i] + shift + Gaussian.next(rng) * sigRelax;
            double sigRead = readK * Math.log10(gd) * sqrtLog;
            double v = gd + sigRead * Gaussian.next(rng) * readNoiseScale;
            out[i] = (float) Math.min(Math.max(v, lo), hi);
        }
    }
}
