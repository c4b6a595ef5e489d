package io.analogcomposer.engine.analog.util;

import io.analogcomposer.engine.random.Rng;

/**
 * Standard normal samples by the ziggurat method (Marsaglia and Tsang 2000, 128 layers, with Doornik's 2005 fix that
 * draws the layer index and the abscissa from independent bits). Exact in distribution and about ten times cheaper
 * than Box-Muller, which matters because the analog forward pass draws one normal value per output element and the
 * noise models several per device.
 */
public final class Gaussian {
    private static final int LAYERS = 128;
    /** Start of the tail (right edge of the base layer). */
    private static final double R = 3.442619855899;
    /** Area of each layer. */
    private static final double V = 9.91256303526217e-3;
    private static final double[] X = new double[LAYERS + 1];
    private static final double[] RATIO = new double[LAYERS];

    static {
        double f = Math.exp(-0.5 * R * R);
        X[0] = V / f;
        X[1] = R;
        for (int i = 2; i < LAYERS; i++) {
            X[i] = Math.sqrt(-2.0 * Math.log(V / X[i - 1] + f));
            f = Math.exp(-0.5 * X[i] * X[i]);
        }
        X[LAYERS] = 0.0;
        for (int i = 0; i < LAYERS; i++) {
            RATIO[i] = X[i + 1] / X[i];
        }
    }

    private Gaussian() {
    }

    /**
     * One standard normal value drawn from {@code rng}. The common case (about 99 % of draws: one random word, one
     * table comparison) is kept small so that the JIT inlines it into the per-pulse and per-element loops; the rest of
     * the ziggurat is {@link #edge}, which draws exactly what the single loop used to.
     */
    public static double next(Rng rng) {
        long bits = rng.nextLong();
        int i = (int) (bits & (LAYERS - 1));
        double u = 2.0 * ((bits >>> 11) * 0x1.0p-53) - 1.0; // uniform in [-1, 1)
        if (Math.abs(u) < RATIO[i]) {
            return u * X[i];
        }
        return edge(rng, i, u);
    }

    /** A draw outside a layer's rectangle: the base layer's tail, or the wedge test, then new draws as needed. */
    private static double edge(Rng rng, int i, double u) {
        while (true) {
            if (i == 0) {
                return tail(rng, u < 0);
            }
            double x = u * X[i];
            double f0 = Math.exp(-0.5 * (X[i] * X[i] - x * x));
            double f1 = Math.exp(-0.5 * (X[i + 1] * X[i + 1] - x * x));
            if (f1 + rng.nextDouble() * (f0 - f1) < 1.0) {
                return x;
            }
            long bits = rng.nextLong();
            i = (int) (bits & (LAYERS - 1));
            u = 2.0 * ((bits >>> 11) * 0x1.0p-53) - 1.0;
            if (Math.abs(u) < RATIO[i]) {
                return u * X[i];
            }
        }
    }

    private static double tail(Rng rng, boolean negative) {
        double x, y;
        do {
            x = Math.log(1.0 - rng.nextDouble()) / R; // log of a value in (0, 1]: never -infinity
            y = Math.log(1.0 - rng.nextDouble());
        } while (-2.0 * y < x * x);
        return negative ? x - R : R - x;
    }

    /** Fills {@code out[off, off + len)} with {@code mean + std * N(0, 1)}. */
    public static void fill(Rng rng, float[] out, int off, int len, double mean, double std) {
        for (int i = off; i < off + len; i++) {
            out[i] = (float) (mean + std * next(rng));
        }
    }
}
