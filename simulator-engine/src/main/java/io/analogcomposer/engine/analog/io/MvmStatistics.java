package io.analogcomposer.engine.analog.io;

import io.analogcomposer.engine.backend.ComputeBackend;
import io.analogcomposer.engine.random.Rng;

/**
 * The MVM explorer: error statistics of a tile's analog product against the exact one over repeated evaluations, as
 * defined in the AIHWKit reference measurements (error = analog − exact, pooled over repeats, samples and outputs).
 *
 * @param repeats              number of repeated MVMs
 * @param errMean              mean error
 * @param errStd               std of the error
 * @param errAbsMax            largest |error|
 * @param relFrobeniusMean     mean over repeats of ||Y − Y_exact||_F / ||Y_exact||_F
 * @param relFrobeniusStd      its std over repeats
 * @param errOfMeanOutputStd   std of (per-element mean over repeats − exact): the systematic part
 * @param perElementStdMean    mean over elements of the std over repeats: the random part
 * @param idealStd             std of the exact outputs, for scale
 */
public record MvmStatistics(int repeats, double errMean, double errStd, double errAbsMax, double relFrobeniusMean,
        double relFrobeniusStd, double errOfMeanOutputStd, double perElementStdMean, double idealStd) {

    /** One analog evaluation of the whole batch into {@code y [batch, out]} (fresh noise each call). */
    @FunctionalInterface
    public interface Evaluation {
        void run(float[] y);
    }

    /** Runs {@code repeats} MVMs of {@code w [out, in]} on {@code x [batch, in]} with the given non-idealities. */
    public static MvmStatistics measure(IOParameters io, float[] w, int out, int in, float[] x, int batch, int repeats,
            long seed, ComputeBackend be) {
        check(w, out, in, x, batch, repeats);
        AnalogMvm mvm = new AnalogMvm(io, out, in, new Rng(seed).split(0));
        Rng rng = new Rng(seed).split(1);
        return measure(w, out, in, x, batch, repeats, y -> mvm.forward(w, x, batch, y, 1.0, rng, be));
    }

    /**
     * The statistics of {@code repeats} runs of {@code analog} (e.g. a whole layer: its tiles, mapping and programmed
     * devices) against the exact product of the logical {@code w [out, in]} and {@code x [batch, in]}.
     */
    public static MvmStatistics measure(float[] w, int out, int in, float[] x, int batch, int repeats,
            Evaluation analog) {
        check(w, out, in, x, batch, repeats);
        int n = batch * out;
        double[] ideal = new double[n];
        double idealNorm = 0, is = 0;
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < out; i++) {
                double s = 0;
                for (int j = 0; j < in; j++) {
                    s += (double) x[b * in + j] * w[i * in + j];
                }
                ideal[b * out + i] = s;
                idealNorm += s * s;
                is += s;
            }
        }
        float[] y = new float[n];
        double[] sumY = new double[n], sumY2 = new double[n];
        double s = 0, s2 = 0, amax = 0, f1 = 0, f2 = 0;
        for (int r = 0; r < repeats; r++) {
            analog.run(y);
            double f = 0;
            for (int i = 0; i < n; i++) {
                double e = y[i] - ideal[i];
                s += e;
                s2 += e * e;
                f += e * e;
                amax = Math.max(amax, Math.abs(e));
                sumY[i] += y[i];
                sumY2[i] += (double) y[i] * y[i];
            }
            double rf = Math.sqrt(f / Math.max(idealNorm, 1e-300));
            f1 += rf;
            f2 += rf * rf;
        }
        long total = (long) repeats * n;
        double mean = s / total;
        double em = 0, em2 = 0, pe = 0;
        for (int i = 0; i < n; i++) {
            double m = sumY[i] / repeats;
            double e = m - ideal[i];
            em += e;
            em2 += e * e;
            pe += repeats > 1 ? Math.sqrt(Math.max(sumY2[i] / repeats - m * m, 0) * repeats / (repeats - 1)) : 0;
        }
        double fm = f1 / repeats;
        double im = is / n, iv = idealNorm / n - im * im;
        return new MvmStatistics(repeats, mean, Math.sqrt(Math.max(s2 / total - mean * mean, 0)), amax, fm,
                repeats > 1 ? Math.sqrt(Math.max(f2 / repeats - fm * fm, 0) * repeats / (repeats - 1)) : 0,
                Math.sqrt(Math.max(em2 / n - (em / n) * (em / n), 0)), pe / n, Math.sqrt(Math.max(iv, 0)));
    }

    private static void check(float[] w, int out, int in, float[] x, int batch, int repeats) {
        if (w.length != out * in || x.length != batch * in) {
            throw new IllegalArgumentException("weights must be [" + out + ", " + in + "] and inputs [" + batch + ", "
                    + in + "], got " + w.length + " and " + x.length + " values");
        }
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be >= 1, got " + repeats);
        }
    }
}
