package io.analogcomposer.engine.analog.tile;

import io.analogcomposer.engine.analog.config.DriftCompensation;
import io.analogcomposer.engine.analog.inference.NoiseModel;
import io.analogcomposer.engine.analog.io.AnalogMvm;
import io.analogcomposer.engine.analog.io.IOParameters;
import io.analogcomposer.engine.analog.util.FloatPool;
import io.analogcomposer.engine.backend.ComputeBackend;
import io.analogcomposer.engine.random.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A logical {@code out x in} weight matrix laid out on physical tiles of at most {@code maxOutputSize x
 * maxInputSize}: each tile sees its slice of the input, runs its own non-ideal MVM (with its own noise and bound
 * management), and the partial outputs are summed digitally (AIHWKit's {@code TileModuleArray}).
 *
 * <p>
 * The array also holds the inference state of every tile: the programmed weights with their drift parameters, the
 * weights deployed at the current inference time, and the drift-compensation reference and factor. Noise models map
 * each tile separately (each tile's own max |w| maps to g_max), as AIHWKit does.
 */
public final class TileArray {
    private final int out, in;
    private final int[] rowStart, colStart;
    private final List<Tile> tiles = new ArrayList<>();
    private float[] deployed; // weights on the devices after programming/drift, or null before programming
    private IOParameters io;

    /** One physical tile. */
    private static final class Tile {
        final int o0, o1, i0, i1, index;
        AnalogMvm mvm;
        float[] w;
        float[] alphaColumns; // a global compensation factor broadcast to one per column
        NoiseModel.Programmed programmed;
        float[] baseline, alpha; // drift compensation: one value (global) or one per column
        Tile(int index, int o0, int o1, int i0, int i1) {
            this.index = index;
            this.o0 = o0;
            this.o1 = o1;
            this.i0 = i0;
            this.i1 = i1;
        }
        int rows() {
            return o1 - o0;
        }
        int cols() {
            return i1 - i0;
        }
    }

    /** Splits an {@code outSize x inSize} matrix; a limit of 0 means unlimited along that axis. */
    public TileArray(int outSize, int inSize, int maxOutputSize, int maxInputSize, IOParameters io, Rng rng) {
        if (outSize < 1 || inSize < 1) {
            throw new IllegalArgumentException("tile array needs sizes >= 1, got " + outSize + "x" + inSize);
        }
        this.out = outSize;
        this.in = inSize;
        this.rowStart = splits(outSize, maxOutputSize);
        this.colStart = splits(inSize, maxInputSize);
        int k = 0;
        for (int r = 0; r + 1 < rowStart.length; r++) {
            for (int c = 0; c + 1 < colStart.length; c++) {
                tiles.add(new Tile(k++, rowStart[r], rowStart[r + 1], colStart[c], colStart[c + 1]));
            }
        }
        setForward(io, rng);
    }

    /** Even split into the fewest pieces within the limit (AIHWKit splits evenly too). */
    private static int[] splits(int n, int max) {
        int pieces = max <= 0 ? 1 : (n + max - 1) / max;
        int[] s = new int[pieces + 1];
        for (int p = 0; p <= pieces; p++) {
            s[p] = (int) ((long) n * p / pieces);
        }
        return s;
    }

    /** Replaces the forward non-idealities (e.g. to evaluate one trained network under other MVM settings). */
    public void setForward(IOParameters io, Rng rng) {
        this.io = io;
        for (Tile t : tiles) {
            t.mvm = new AnalogMvm(io, t.rows(), t.cols(), rng.split(t.index));
        }
    }

    /** The forward non-idealities in use. */
    public IOParameters forwardParameters() {
        return io;
    }

    /** Number of physical tiles. */
    public int tileCount() {
        return tiles.size();
    }

    /** Row (output) boundaries of the tiles. */
    public int[] rowSplits() {
        return rowStart.clone();
    }

    /** Column (input) boundaries of the tiles. */
    public int[] colSplits() {
        return colStart.clone();
    }

    /** Whether weights have been programmed (deployed weights are in use in eval mode). */
    public boolean isProgrammed() {
        return deployed != null;
    }

    /** The deployed (programmed, drifted) weights {@code [out, in]}, or null before programming. */
    public float[] deployedWeights() {
        return deployed;
    }

    /** Forgets programming: the next forward uses the given weights again. */
    public void clearProgramming() {
        deployed = null;
        for (Tile t : tiles) {
            t.programmed = null;
            t.alpha = null;
            t.baseline = null;
        }
    }

    /**
     * {@code y = Σ_tiles MVM(W_tile, x_slice)} for a batch {@code x [batch, in]} into {@code y [batch, out]};
     * {@code compensate} applies the drift-compensation factors (eval mode).
     */
    public void forward(float[] w, float[] x, int batch, float[] y, boolean compensate, Rng rng,
            ComputeBackend be) {
        forward(w, x, batch, y, compensate, null, null, rng, be);
    }

    /**
     * As above, then {@code y[:, o] = y[:, o]·colScale[o] + colBias[o]} (either may be null), applied in each tile's
     * store so the layer needs no extra pass over the batch: the scale multiplies each tile's partial output (with its
     * compensation factor) and the bias is added by the first tile of each row of tiles.
     */
    public void forward(float[] w, float[] x, int batch, float[] y, boolean compensate, float[] colScale,
            float[] colBias, Rng rng, ComputeBackend be) {
        boolean single = tiles.size() == 1;
        for (Tile t : tiles) {
            Rng tr = rng.split(t.index);
            float[] tw = single ? w : slice(t, w);
            float[] alpha = compensate && t.alpha != null ? columnFactors(t) : null;
            float[] scale = alpha;
            if (colScale != null) {
                scale = Arrays.copyOfRange(colScale, t.o0, t.o1);
                if (alpha != null) {
                    for (int i = 0; i < scale.length; i++) {
                        scale[i] = alpha[i] * scale[i];
                    }
                }
            }
            float[] bias = colBias != null && t.i0 == 0 ? Arrays.copyOfRange(colBias, t.o0, t.o1) : null;
            // each tile reads its input columns and writes (the first of a row of tiles) or adds its output
            // columns in place: no copies of the batch
            t.mvm.forward(tw, x, t.i0, in, batch, y, t.o0, out, t.i0 > 0, scale, bias, 1.0, tr, be);
        }
    }

    /** The tile's compensation factors, one per output column. */
    private static float[] columnFactors(Tile t) {
        if (t.alpha.length == t.rows()) {
            return t.alpha;
        }
        if (t.alphaColumns == null || t.alphaColumns.length != t.rows() || t.alphaColumns[0] != t.alpha[0]) {
            t.alphaColumns = new float[t.rows()];
            Arrays.fill(t.alphaColumns, t.alpha[0]);
        }
        return t.alphaColumns;
    }

    private float[] slice(Tile t, float[] w) {
        t.w = ensure(t.w, t.rows() * t.cols());
        for (int r = 0; r < t.rows(); r++) {
            System.arraycopy(w, (t.o0 + r) * in + t.i0, t.w, r * t.cols(), t.cols());
        }
        return t.w;
    }

    /**
     * Programs the target weights {@code [out, in]} onto the devices of every tile with {@code model}, and measures
     * the drift-compensation reference (AIHWKit's {@code program_weights}).
     */
    public void program(float[] target, NoiseModel model, DriftCompensation dc, Rng rng, ComputeBackend be) {
        deployed = new float[out * in];
        for (Tile t : tiles) {
            float[] sliced = slice(t, target);
            float[] tw = FloatPool.take(sliced.length); // a copy that is written in full
            System.arraycopy(sliced, 0, tw, 0, tw.length);
            t.programmed = model.programWeights(tw, tw.length, rng.split(t.index));
            place(t, t.programmed.weights());
            t.alpha = null;
            t.baseline = switch (dc) {
                case NONE -> null;
                case GLOBAL, PER_COLUMN -> readout(t, t.programmed.weights(), dc, rng.split(1000 + t.index), be);
                case GLOBAL_EXACT_REFERENCE -> exactReadout(tw, t);
            };
            FloatPool.give(tw);
        }
    }

    /**
     * Moves every tile to inference time {@code t} seconds: drift and read noise from the programmed state, then the
     * compensation factor {@code α = reference / readout(now)} (AIHWKit's {@code drift_weights}). Programs first if
     * needed, with {@code target}.
     */
    public void drift(double t, float[] target, NoiseModel model, DriftCompensation dc, Rng rng,
            ComputeBackend be) {
        if (deployed == null) {
            program(target, model, dc, rng.split(-1), be);
        }
        for (Tile tile : tiles) {
            float[] drifted = model.driftWeights(tile.programmed, t, rng.split(tile.index));
            place(tile, drifted);
            if (tile.baseline == null) {
                tile.alpha = null;
                FloatPool.give(drifted); // copied into the deployed weights
                continue;
            }
            DriftCompensation mode = dc == DriftCompensation.GLOBAL_EXACT_REFERENCE ? DriftCompensation.GLOBAL : dc;
            float[] now = readout(tile, drifted, mode, rng.split(1000 + tile.index), be);
            FloatPool.give(drifted);
            tile.alpha = new float[now.length];
            for (int i = 0; i < now.length; i++) {
                tile.alpha[i] = tile.baseline[i] / now[i];
            }
        }
    }

    /** The drift-compensation factors of tile {@code k} (null when off or not drifted yet). */
    public float[] compensation(int k) {
        float[] a = tiles.get(k).alpha;
        return a == null ? null : a.clone();
    }

    private void place(Tile t, float[] tw) {
        for (int r = 0; r < t.rows(); r++) {
            System.arraycopy(tw, r * t.cols(), deployed, (t.o0 + r) * in + t.i0, t.cols());
        }
    }

    /** Mean |output| of the tile's own forward pass over all one-hot inputs, clamped at 1e-4 as in AIHWKit. */
    private float[] readout(Tile t, float[] tw, DriftCompensation dc, Rng rng, ComputeBackend be) {
        float[] y = t.mvm.oneHotReadout(tw, rng, be);
        return meanAbs(y, t.cols(), t.rows(), dc == DriftCompensation.PER_COLUMN);
    }

    private static float[] exactReadout(float[] tw, Tile t) {
        // one-hot inputs read each weight once: the exact readout is the mean |w| of the target
        return meanAbs(tw, 1, tw.length, false);
    }

    private static float[] meanAbs(float[] y, int rows, int cols, boolean perColumn) {
        if (!perColumn) {
            // four partial sums in double: one chain of dependent additions was the readout's slowest loop; the
            // order changes the double sum only in its last bits, far below the float the factor is stored in
            int n = rows * cols, i = 0;
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (; i + 3 < n; i += 4) {
                s0 += Math.abs(y[i]);
                s1 += Math.abs(y[i + 1]);
                s2 += Math.abs(y[i + 2]);
                s3 += Math.abs(y[i + 3]);
            }
            for (; i < n; i++) {
                s0 += Math.abs(y[i]);
            }
            double s = (s0 + s1) + (s2 + s3);
            return new float[]{(float) Math.max(s / n, 1e-4)};
        }
        // row by row through memory; each column still sums its rows in order
        double[] s = new double[cols];
        for (int b = 0; b < rows; b++) {
            for (int i = 0; i < cols; i++) {
                s[i] += Math.abs(y[b * cols + i]);
            }
        }
        float[] r = new float[cols];
        for (int i = 0; i < cols; i++) {
            r[i] = (float) Math.max(s[i] / rows, 1e-4);
        }
        return r;
    }

    private static float[] ensure(float[] a, int n) {
        return a != null && a.length >= n ? a : new float[n];
    }
}
