package io.analogcomposer.engine.analog.inference;

import io.analogcomposer.engine.analog.util.Gaussian;
import io.analogcomposer.engine.random.Rng;
import java.util.Arrays;

/**
 * PCM-like programming and read noise with a user-measured drift table (AIHWKit's
 * {@code CustomDriftPCMLikeNoiseModel}): ν mean and spread are linearly interpolated in the target conductance
 * between the table's points (held constant beyond its ends), {@code ν = drift_scale·|μ(g_T) + s(g_T)·N|}.
 *
 * @param pcm      the PCM-like model supplying programming noise, read noise, t0 and the converter
 * @param gList    table conductances in µS, ascending, covering the converter's range
 * @param nuMean   mean exponent per table point
 * @param nuStd    exponent spread per table point
 */
public record CustomDriftPcmNoiseModel(PcmLikeNoiseModel pcm, double[] gList, double[] nuMean, double[] nuStd)
        implements
            NoiseModel {

    /** AIHWKit example 31's table: g = 0, 10, 25 µS; ν mean 0.08, 0.05, 0.03; ν std 0.03, 0.02, 0.01. */
    public static final CustomDriftPcmNoiseModel EXAMPLE_31 = new CustomDriftPcmNoiseModel(PcmLikeNoiseModel.DEFAULT,
            new double[]{0, 10, 25}, new double[]{0.08, 0.05, 0.03}, new double[]{0.03, 0.02, 0.01});

    /** Validates the table against itself and the converter's range. */
    public CustomDriftPcmNoiseModel {
        if (pcm == null || gList == null || nuMean == null || nuStd == null) {
            throw new IllegalArgumentException("custom_drift needs pcm, g_lst, nu_mean_lst and nu_std_lst");
        }
        if (gList.length < 2 || nuMean.length != gList.length || nuStd.length != gList.length) {
            throw new IllegalArgumentException("custom_drift needs >= 2 table points and equal lengths, got g_lst "
                    + gList.length + ", nu_mean_lst " + nuMean.length + ", nu_std_lst " + nuStd.length);
        }
        for (int i = 0; i < gList.length; i++) {
            if (gList[i] < 0 || nuStd[i] < 0 || (i > 0 && gList[i] < gList[i - 1])) {
                throw new IllegalArgumentException("custom_drift needs ascending g_lst >= 0 and nu_std_lst >= 0, got "
                        + Arrays.toString(gList) + " / " + Arrays.toString(nuStd));
            }
        }
        ConductanceConverter c = pcm.converter();
        if (c.gMin() < gList[0] || c.gMax() > gList[gList.length - 1]) {
            throw new IllegalArgumentException("custom_drift: converter range [" + c.gMin() + ", " + c.gMax()
                    + "] µS lies outside the drift table's range [" + gList[0] + ", " + gList[gList.length - 1] + "]");
        }
        gList = gList.clone();
        nuMean = nuMean.clone();
        nuStd = nuStd.clone();
    }

    @Override
    public String type() {
        return "custom_drift";
    }

    @Override
    public ConductanceConverter converter() {
        return pcm.converter();
    }

    @Override
    public void programConductance(float[] gT, float[] gP, int from, int to, Rng rng) {
        pcm.programConductance(gT, gP, from, to, rng);
    }

    @Override
    public void driftParameters(float[] gT, float[] nu, int from, int to, Rng rng) {
        for (int i = from; i < to; i++) {
            double g = gT[i];
            double m = interp(g, nuMean), s = interp(g, nuStd);
            nu[i] = (float) (Math.abs(m + s * Gaussian.next(rng)) * pcm.driftScale());
        }
    }

    private double interp(double g, double[] y) {
        int n = gList.length;
        if (g <= gList[0]) {
            return y[0];
        }
        if (g >= gList[n - 1]) {
            return y[n - 1];
        }
        int k = 1;
        while (gList[k] < g) {
            k++;
        }
        double f = (g - gList[k - 1]) / (gList[k] - gList[k - 1]);
        return y[k - 1] + f * (y[k] - y[k - 1]);
    }

    @Override
    public void driftConductance(float[] gP, float[] nu, double t, float[] out, int from, int to, Rng rng) {
        pcm.driftConductance(gP, nu, t, out, from, to, rng);
    }
}
