package io.analogcomposer.engine.analog.inference;

import io.analogcomposer.engine.random.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the composer's inference page plots: for a noise model, how devices programmed to given target conductances
 * spread and drift over time. For each target, {@code samples} devices are programmed once, then their conductance
 * (drift plus read noise) is sampled at every time.
 */
public final class DriftPreview {
    private DriftPreview() {
    }

    /**
     * Conductance statistics at one time.
     *
     * @param time seconds after programming
     * @param mean mean conductance (µS)
     * @param std  sample std (µS)
     * @param p05  5th percentile (µS)
     * @param p95  95th percentile (µS)
     * @param zeroFraction fraction of devices at exactly 0 (the models clamp conductances at zero, which the
     *        percentiles alone hide)
     */
    public record Stat(double time, double mean, double std, double p05, double p95, double zeroFraction) {}

    /**
     * One programmed level.
     *
     * @param gTarget     target conductance (µS)
     * @param programmed  statistics right after programming (time 0, without read noise)
     * @param overTime    statistics at each requested time
     * @param driftParameter statistics of the per-device drift parameter the model drew (the drift exponent nu; for
     *        {@code reram_cmo} the conductance it re-samples around), time 0
     */
    public record Curve(double gTarget, Stat programmed, List<Stat> overTime, Stat driftParameter) {}

    /** Computes the curves; every target draws from its own stream of {@code seed}. */
    public static List<Curve> compute(NoiseModel model, double[] gTargets, double[] times, int samples, long seed) {
        if (samples < 2) {
            throw new IllegalArgumentException("samples must be >= 2, got " + samples);
        }
        if (gTargets.length == 0 || times.length == 0) {
            throw new IllegalArgumentException("need at least one target conductance and one time");
        }
        for (double t : times) {
            model.checkTime(t);
        }
        Rng root = new Rng(seed);
        List<Curve> out = new ArrayList<>();
        for (int k = 0; k < gTargets.length; k++) {
            double g = gTargets[k];
            if (!(g >= 0) || Double.isInfinite(g)) {
                throw new IllegalArgumentException("target conductances must be finite and >= 0 µS, got " + g);
            }
            Rng r = root.split(k);
            float[] target = new float[samples], prog = new float[samples], param = new float[samples],
                    now = new float[samples];
            Arrays.fill(target, (float) g);
            model.programConductance(target, prog, 0, samples, r);
            model.driftParameters(target, param, 0, samples, r);
            List<Stat> stats = new ArrayList<>();
            for (double t : times) {
                model.driftConductance(prog, param, t, now, 0, samples, r);
                stats.add(stat(t, now));
            }
            out.add(new Curve(g, stat(0, prog), stats, stat(0, param)));
        }
        return out;
    }

    /** The composer's preview levels: {@code levels} evenly spaced targets from 0 to the converter's g_max. */
    public static double[] levels(NoiseModel model, int levels) {
        if (levels < 2) {
            throw new IllegalArgumentException("levels must be >= 2, got " + levels);
        }
        double lo = model.converter().gMin(), hi = model.converter().gMax();
        double[] g = new double[levels];
        for (int i = 0; i < levels; i++) {
            g[i] = lo + (hi - lo) * i / (levels - 1);
        }
        return g;
    }

    private static Stat stat(double t, float[] v) {
        double s = 0;
        int zeros = 0;
        for (float x : v) {
            s += x;
            zeros += x == 0f ? 1 : 0;
        }
        double m = s / v.length, q = 0;
        for (float x : v) {
            q += (x - m) * (x - m);
        }
        float[] sorted = v.clone();
        Arrays.sort(sorted);
        return new Stat(t, m, Math.sqrt(q / (v.length - 1)), sorted[(int) (0.05 * (v.length - 1))],
                sorted[(int) Math.ceil(0.95 * (v.length - 1))], (double) zeros / v.length);
    }
}
