package io.analogcomposer.engine.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Vectorized elementwise and reduction kernels used by layers and optimizers on their hot paths. */
public final class Ops {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private Ops() {
    }

    /** {@code y[0..n) += alpha * x[0..n)}. */
    public static void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        int i = 0;
        int bound = S.loopBound(n);
        FloatVector va = FloatVector.broadcast(S, alpha);
        for (; i < bound; i += L) {
            FloatVector.fromArray(S, x, xOff + i).fma(va, FloatVector.fromArray(S, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = Math.fma(x[xOff + i], alpha, y[yOff + i]);
        }
    }

    /** {@code x[0..n) *= alpha}. */
    public static void scale(int n, float alpha, float[] x, int off) {
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector.fromArray(S, x, off + i).mul(alpha).intoArray(x, off + i);
        }
        for (; i < n; i++) {
            x[off + i] *= alpha;
        }
    }

    /** Adds {@code row[0..cols)} to every row of the {@code rows x cols} matrix {@code y}. */
    public static void addRowVector(float[] y, int rows, int cols, float[] row) {
        int bound = S.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector.fromArray(S, y, base + j).add(FloatVector.fromArray(S, row, j)).intoArray(y, base + j);
            }
            for (; j < cols; j++) {
                y[base + j] += row[j];
            }
        }
    }

    /** {@code out[j] = sum over rows of x[r, j]}, summed in row order. */
    public static void columnSums(float[] x, int rows, int cols, float[] out) {
        java.util.Arrays.fill(out, 0, cols, 0f);
        int bound = S.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector.fromArray(S, x, base + j).add(FloatVector.fromArray(S, out, j)).intoArray(out, j);
            }
            for (; j < cols; j++) {
                out[j] += x[base + j];
            }
        }
    }

    /** Sum of {@code x[off, off+n)} in index order (double accumulator, for losses and statistics). */
    public static double sum(float[] x, int off, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += x[off + i];
        }
        return s;
    }

    /** Index of the largest of {@code x[off, off+n)} (first on ties). */
    public static int argmax(float[] x, int off, int n) {
        int best = 0;
        float bv = x[off];
        for (int i = 1; i < n; i++) {
            if (x[off + i] > bv) {
                bv = x[off + i];
                best = i;
            }
        }
        return best;
    }
}
