package io.analogcomposer.engine.analog.hwa;

import io.analogcomposer.engine.analog.config.WeightModifierParameters;
import io.analogcomposer.engine.analog.config.WeightModifierType;
import io.analogcomposer.engine.analog.util.Gaussian;
import io.analogcomposer.engine.random.Rng;

/**
 * Applies a training-time weight perturbation (AIHWKit's C++ {@code WeightModifier::apply}): the forward pass of a
 * hardware-aware training step sees perturbed weights, the update goes to the clean ones.
 */
public final class WeightModifier {
    private WeightModifier() {
    }

    /**
     * The perturbed copy of a layer's {@code rows x cols} row-major weights split over tiles at {@code rowStart} x
     * {@code colStart} (boundaries, first 0, last rows/cols): as in AIHWKit, where every tile of a mapped layer applies
     * its own modifier, each tile's block is perturbed on its own, relative to its own max |w|
     * ({@code rel_to_actual_wmax}), with its own random stream. One tile is {@link #apply(WeightModifierParameters,
     * float[], float[], int, Rng)} itself.
     */
    public static void apply(WeightModifierParameters p, float[] w, float[] dst, int rows, int cols, int[] rowStart,
            int[] colStart, Rng rng) {
        if (rowStart.length == 2 && colStart.length == 2) {
            apply(p, w, dst, rows * cols, rng);
            return;
        }
        float[] block = new float[0], out = new float[0];
        int k = 0;
        for (int r = 0; r + 1 < rowStart.length; r++) {
            for (int c = 0; c + 1 < colStart.length; c++, k++) {
                int o0 = rowStart[r], i0 = colStart[c], h = rowStart[r + 1] - o0, wd = colStart[c + 1] - i0;
                if (block.length < h * wd) {
                    block = new float[h * wd];
                    out = new float[h * wd];
                }
                for (int o = 0; o < h; o++) {
                    System.arraycopy(w, (o0 + o) * cols + i0, block, o * wd, wd);
                }
                apply(p, block, out, h * wd, rng.split(k));
                for (int o = 0; o < h; o++) {
                    System.arraycopy(out, o * wd, dst, (o0 + o) * cols + i0, wd);
                }
            }
        }
    }

    /** Writes the perturbed copy of {@code w[0, n)} into {@code dst}. */
    public static void apply(WeightModifierParameters p, float[] w, float[] dst, int n, Rng rng) {
        System.arraycopy(w, 0, dst, 0, n);
        if (p.type() == WeightModifierType.NONE && p.pdrop() <= 0) {
            return;
        }
        double amax = p.assumedWmax();
        if (p.relToActualWmax()) {
            amax = 0;
            for (int i = 0; i < n; i++) {
                amax = Math.max(amax, Math.abs(w[i]));
            }
            amax = amax > 0 ? amax : 1.0;
        }
        double res = p.res() > 1 ? 1.0 / p.res() : p.res();
        double[] c = p.coeffs().stream().mapToDouble(Double::doubleValue).toArray();
        switch (p.type()) {
            case NONE, DROP_CONNECT -> {
            }
            case DISCRETIZE -> {
                if (res > 0) {
                    for (int i = 0; i < n; i++) {
                        dst[i] = (float) (amax * round(dst[i] / amax, res, p.stoRound(), rng));
                    }
                }
            }
            case ADD_NORMAL -> {
                double std = p.stdDev() * amax;
                for (int i = 0; i < n; i++) {
                    dst[i] += (float) (std * Gaussian.next(rng));
                }
            }
            case MULT_NORMAL -> {
                double std = p.stdDev() * amax;
                for (int i = 0; i < n; i++) {
                    dst[i] += (float) (dst[i] * std * Gaussian.next(rng));
                }
            }
            case POLY -> {
                for (int i = 0; i < n; i++) {
                    double sig = poly(c, Math.abs(dst[i]) / amax) * p.stdDev();
                    dst[i] += (float) (amax * sig * Gaussian.next(rng));
                }
            }
            case PROG_NOISE -> {
                // coefficients are in µS at g_max; the sign of the weight is kept (a device cannot change pair)
                double std = p.stdDev() / p.gMax();
                for (int i = 0; i < n; i++) {
                    double v = dst[i];
                    double sig = poly(c, Math.abs(v) / amax) * std;
                    double m = Math.abs(v + amax * sig * Gaussian.next(rng));
                    dst[i] = (float) (v < 0 ? -m : m);
                }
            }
            case DISCRETIZE_ADD_NORMAL -> {
                double std = p.stdDev() * amax;
                for (int i = 0; i < n; i++) {
                    double v = res > 0 ? amax * round(dst[i] / amax, res, p.stoRound(), rng) : dst[i];
                    dst[i] = (float) (v + std * Gaussian.next(rng));
                }
            }
        }
        if (p.pdrop() > 0) {
            for (int i = 0; i < n; i++) {
                if (rng.nextDouble() < p.pdrop()) {
                    dst[i] = 0f;
                }
            }
        }
    }

    private static double round(double v, double res, boolean sto, Rng rng) {
        return sto ? Math.round(v / res + rng.nextDouble() - 0.5) * res : Math.round(v / res) * res;
    }

    private static double poly(double[] c, double x) {
        double v = 0;
        for (int k = c.length - 1; k >= 0; k--) {
            v = v * x + c[k];
        }
        return v;
    }
}
