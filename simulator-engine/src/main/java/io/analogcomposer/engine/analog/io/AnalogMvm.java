package io.analogcomposer.engine.analog.io;

import io.analogcomposer.engine.analog.util.Gaussian;
import io.analogcomposer.engine.analog.util.VectorGaussian;
import io.analogcomposer.engine.backend.ComputeBackend;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Parallel;
import java.util.Arrays;

/**
 * The non-ideal forward MVM of one crossbar tile, {@code y = f(W x)} for a batch, following the C++ tile of AIHWKit
 * ({@code ForwardBackwardPassIOManaged::forwardVector}) step by step: noise management, DAC (scale, round, clip, input
 * noise), the analog product with IR drop and weight noise, then the ADC (non-linearity, output noise, round, clip),
 * and iterative bound management.
 *
 * <p>
 * Noise and bound management act <b>per input vector</b>, as in AIHWKit's C++ tile: a batch has exactly the
 * statistics of its rows fed one at a time (AIHWKit's pure-PyTorch tile instead re-runs the whole batch when any row
 * saturates, which inflates the error of the others; see the reference README). For speed the batch is still
 * computed with one GEMM per bound-management round, over the rows still pending.
 *
 * <p>
 * Randomness: each block of 64 pending rows draws, in row order, from a stream derived from one draw of the caller's
 * generator, the block index and the bound-management round, so results do not depend on the thread count. Columns'
 * fixed variations ({@code
 * out_noise_std}, {@code out_nonlinearity_std}) are drawn once when the tile is created.
 */
public final class AnalogMvm {
    private static final double NM_ASSUMED_WMAX = 0.6; // AIHWKit's fixed value for ABS_MAX_NP_SUM
    /** AIHWKit's {@code nm_decay} default for AVERAGE_ABS_MAX (the format has no field for it). */
    private static final double NM_DECAY = 1e-3;
    /**
     * Rows per random stream and per parallel work unit: a block of rows draws from one stream, in row order, so the
     * result depends on the seed only (not on threads) while creating 64x fewer generators than one per row.
     */
    private static final int ROW_ALIGN = 64;

    private final IOParameters io;
    private final int out, in;
    private final double inStep, outStep, inBound, outBound;
    private final float[] outNoiseValues;
    private final float[] nonlinearity;
    private final double nlFactor;
    /** Each output line's voltage offset (null without voltage offsets or series resistance). */
    private final float[] vOffset;
    /** Each device's read factor for negative inputs (null without w_read_asymmetry_dtod). */
    private final float[] wAsymmetry;

    // Work buffers reused across calls (a tile is used by one thread at a time).
    private float[] xq = new float[0], yq = new float[0], aux = new float[0], aux2 = new float[0], absW;
    private float[] xpos = new float[0], yneg = new float[0], wNeg = new float[0];
    /** AVERAGE_ABS_MAX: the running average of the input vectors' abs-max read so far (negative: none yet). */
    private double nmAverage = -1;
    /**
     * Parallel tasks of the current call: the backend's thread count, so a one-thread backend ({@code --threads 1})
     * keeps the whole MVM on one core; results do not depend on it (streams are keyed by row block).
     */
    private int tasks = 1;

    /** A forward pass for a tile of {@code outSize x inSize}; per-column variations are drawn from {@code rng}. */
    public AnalogMvm(IOParameters io, int outSize, int inSize, Rng rng) {
        if (outSize < 1 || inSize < 1) {
            throw new IllegalArgumentException("tile size must be >= 1x1, got " + outSize + "x" + inSize);
        }
        this.io = io;
        this.out = outSize;
        this.in = inSize;
        this.inStep = io.inputStep();
        this.outStep = io.outputStep();
        this.inBound = io.inpBound() > 0 ? io.inpBound() : Double.POSITIVE_INFINITY;
        this.outBound = io.outBound() > 0 ? io.outBound() : Double.POSITIVE_INFINITY;
        double boundForNl = io.outBound() > 0 ? io.outBound() : 1.0;
        if (!io.isPerfect() && io.outNoiseStd() > 0) {
            outNoiseValues = new float[out];
            for (int i = 0; i < out; i++) {
                outNoiseValues[i] = (float) Math.abs(io.outNoise() * (1 + io.outNoiseStd() * Gaussian.next(rng)));
            }
        } else {
            outNoiseValues = null;
        }
        // the non-linearity stage also carries the slope calibration of a series resistance (AIHWKit's
        // hasNLCalibration): with r_series alone its per-line strengths are 0 and only the factor acts
        if (!io.isPerfect() && (io.outNonlinearity() > 0 || io.rSeries() > 0)) {
            nonlinearity = new float[out];
            double sum = 0;
            for (int i = 0; i < out; i++) {
                nonlinearity[i] = (float) Math.abs(io.outNonlinearity() / boundForNl
                        * (1 + Math.max(io.outNonlinearityStd(), 0) * Gaussian.next(rng)));
                sum += nonlinearity[i];
            }
            // slope calibration restores part of the small-signal gain the non-linearity (and r_series) removes
            double f = 1 + (sum / out + io.rSeries()) * io.slopeCalibration() * boundForNl;
            nlFactor = io.slopeCalibration() > 0 ? f * f : 1.0;
        } else {
            nonlinearity = null;
            nlFactor = 1.0;
        }
        // drawn after the older variations so that configurations without them keep their streams
        if (!io.isPerfect() && io.hasVoltageOffsets()) {
            vOffset = new float[out];
            for (int i = 0; i < out; i++) {
                vOffset[i] = (float) Math.max(io.vOffsetStd() * Gaussian.next(rng), 0.0);
            }
        } else {
            vOffset = null;
        }
        if (!io.isPerfect() && io.wReadAsymmetryDtod() > 0) {
            wAsymmetry = new float[out * in];
            for (int k = 0; k < wAsymmetry.length; k++) {
                wAsymmetry[k] = (float) (1 + io.wReadAsymmetryDtod() * Gaussian.next(rng));
            }
        } else {
            wAsymmetry = null;
        }
    }

    /** The parameters of this forward pass. */
    public IOParameters io() {
        return io;
    }

    /**
     * Computes {@code y[b, :] = MVM(W, x[b, :])} for {@code b < batch}; {@code w} is {@code [out, in]} row-major.
     * {@code alpha} is an extra digital output factor.
     */
    public void forward(float[] w, float[] x, int batch, float[] y, double alpha, Rng rng, ComputeBackend be) {
        forward(w, x, 0, in, batch, y, 0, out, false, null, alpha, rng, be);
    }

    /**
     * The MVM of strided views, so a tile of a larger matrix reads its slice of the input and writes (or adds) its
     * slice of the output in place: row {@code b} of the input is {@code x[xOff + b·ldx, + in)}, row {@code b} of the
     * output is {@code y[yOff + b·ldy, + out)}. With {@code accumulate} the result is added to {@code y}; a non-null
     * {@code colScale} ({@code [out]}) multiplies each output column after the ADC (e.g. drift compensation).
     */
    public void forward(float[] w, float[] x, int xOff, int ldx, int batch, float[] y, int yOff, int ldy,
            boolean accumulate, float[] colScale, double alpha, Rng rng, ComputeBackend be) {
        forward(w, x, xOff, ldx, batch, y, yOff, ldy, accumulate, colScale, null, alpha, rng, be);
    }

    /**
     * As above, and a non-null {@code colBias} ({@code [out]}) is added to each output column after the column scale,
     * so a layer's digital scale and bias are applied in the same store as the ADC.
     */
    public void forward(float[] w, float[] x, int xOff, int ldx, int batch, float[] y, int yOff, int ldy,
            boolean accumulate, float[] colScale, float[] colBias, double alpha, Rng rng, ComputeBackend be) {
        if (ldx < in || ldy < out) {
            throw new IllegalArgumentException("leading dimensions ldx=" + ldx + ", ldy=" + ldy + " below the tile's "
                    + in + " inputs / " + out + " outputs");
        }
        tasks = Math.max(1, be.threads());
        if (io.isPerfect()) {
            float a = (float) (io.outScale() * alpha);
            if (colScale == null && colBias == null) {
                be.sgemm(false, true, batch, out, in, a, x, xOff, ldx, w, 0, in, accumulate ? 1f : 0f, y, yOff, ldy);
                return;
            }
            yq = ensure(yq, batch * out);
            be.sgemm(false, true, batch, out, in, a, x, xOff, ldx, w, 0, in, 0f, yq, 0, out);
            for (int b = 0; b < batch; b++) {
                Quantize.scaleStore(yq, b * out, 1f, colScale, colBias, y, yOff + b * ldy, out, accumulate);
            }
            return;
        }
        boolean nm = io.noiseManagement() != NoiseManagement.NONE;
        boolean bm = io.boundManagement() != BoundManagement.NONE;
        double[] nmScale = new double[batch];
        double[] reduction = new double[batch];
        boolean[] zero = new boolean[batch];
        if (io.wNoiseType() == WeightNoiseType.PCM_READ && io.wNoise() > 0 || io.irDrop() > 0) {
            absW = ensure(absW, out * in);
            for (int i = 0; i < out * in; i++) {
                absW[i] = Math.abs(w[i]);
            }
        }
        Rng base = new Rng(rng.nextLong());
        double outScale = io.outScale() * alpha;
        boolean averaged = io.noiseManagement() == NoiseManagement.AVERAGE_ABS_MAX;
        if (averaged) {
            // a running average over the vectors in order, as the C++ tile reads them one after the other
            for (int b = 0; b < batch; b++) {
                double amax = absMax(x, xOff + b * ldx);
                nmAverage = nmAverage < 0 ? amax : nmAverage * (1 - NM_DECAY) + NM_DECAY * amax;
                nmScale[b] = nmAverage;
            }
        }
        boolean fusable = fusable();
        PackedWeights weights = null;
        // round 0 covers every row (noise management is computed in the same pass as the DAC); an all-zero input
        // gives a zero output, as in AIHWKit, and later rounds re-run only the rows that saturated the ADC
        int[] pending = null;
        int k = batch;
        for (int round = 0; k > 0; round++) {
            if (round == 1 && io.boundManagement() == BoundManagement.ITERATIVE_WORST_CASE
                    && io.noiseManagement() != NoiseManagement.ABS_MAX_NP_SUM) {
                for (int p = 0; p < k; p++) {
                    nmScale[pending[p]] = noiseManagementScale(x, xOff + pending[p] * ldx,
                            NoiseManagement.ABS_MAX_NP_SUM);
                    reduction[pending[p]] = 1.0;
                }
            }
            final int rows = k, r = round;
            final int[] idx = pending; // null: identity (round 0)
            float[] scale = new float[rows];
            boolean[] done = new boolean[rows];
            Store st = new Store(idx, zero, scale, reduction, (float) outScale, y, yOff, ldy, accumulate, colScale,
                    colBias);
            // packing the weights once costs about a GEMM of a few dozen rows: small rounds keep the plain path
            if (fusable && rows >= fusedMinRows) {
                if (weights == null) {
                    weights = new PackedWeights(be, w);
                }
                fusedRound(w, x, xOff, ldx, rows, r, base, nmScale, nm, bm, done, st, weights);
            } else {
                plainRound(w, x, xOff, ldx, rows, r, base, nmScale, nm, bm, done, st, be);
            }
            // rows that saturated get a halved input scale in the next round (sequential: cheap bookkeeping)
            int next = 0;
            int[] again = new int[rows];
            for (int p = 0; p < rows; p++) {
                if (!done[p]) {
                    int b = idx == null ? p : idx[p];
                    reduction[b] *= 2;
                    again[next++] = b;
                }
            }
            pending = again;
            k = next;
        }
    }

    /**
     * The tile's outputs for every one-hot input {@code e_j}, {@code j < in} (the drift-compensation readout), into a
     * new {@code [in, out]} array: the same values, bit for bit, and the same draws of {@code rng} as
     * {@code forward(w, eye, in, y, 1.0, rng, be)} with the identity matrix as input. Every row of the identity has
     * the same DAC value {@code v} (one DAC of one row decides it), and its product is {@code v·w[i, j] + 0} (as
     * {@link #oneHotProduct}), so neither the identity (in² floats) nor its DAC nor a scan of it is needed: the cost
     * is the output noise and the ADC. Configurations where that shortcut would not hold (a stateful or
     * input-dependent DAC, analog non-idealities, a non-plain ADC) and readouts where a row needs bound management
     * take the general path with the identity, from the same generator position.
     */
    public float[] oneHotReadout(float[] w, Rng rng, ComputeBackend be) {
        float[] y = new float[in * out];
        long position = rng.position();
        readoutShortcut = oneHotShortcut(w, y, rng, be);
        if (!readoutShortcut) {
            rng.position(position);
            float[] eye = new float[in * in];
            for (int j = 0; j < in; j++) {
                eye[j * in + j] = 1f;
            }
            forward(w, eye, in, y, 1.0, rng, be);
        }
        return y;
    }

    /** Whether the last {@link #oneHotReadout} took the shortcut (for tests). */
    boolean readoutShortcut;

    /** The readout of {@link #oneHotReadout} without the identity; false (y partly written) where it does not apply. */
    private boolean oneHotShortcut(float[] w, float[] y, Rng rng, ComputeBackend be) {
        boolean deterministicDac = !io.inpStoRound() && io.inpNoise() == 0 && io.inpAsymmetry() == 0
                && !Double.isInfinite(inBound);
        if (io.isPerfect() || !fusable() || !deterministicDac
                || io.noiseManagement() == NoiseManagement.AVERAGE_ABS_MAX) {
            return false;
        }
        for (float v : w) {
            if (!Float.isFinite(v)) {
                return false; // the GEMM's 0·inf = NaN: the general path computes it
            }
        }
        // the DAC of e_0 stands for every row: noise management sees the same values in each (one 1, zeros)
        boolean nm = io.noiseManagement() != NoiseManagement.NONE;
        float[] e = new float[in], dac = new float[in];
        e[0] = 1f;
        double nmScale = nm ? noiseManagementScale(e, 0, io.noiseManagement()) : 1.0;
        if (nm && nmScale <= 0) {
            return false; // an all-zero DAC decision: the general path's zero rows
        }
        float s = nm ? 1f / (float) nmScale : 1f; // prepareRow's scale in round 0 (its reduction is 1)
        if (!Float.isFinite(s)) {
            return false;
        }
        Quantize.scaleRoundClip(e, 0, s, (float) inStep, (float) inBound, dac, 0, in);
        final float v = dac[0], f = (float) io.outScale() / s;
        Rng base = new Rng(rng.nextLong());
        boolean withNoise = io.outNoise() > 0 || outNoiseValues != null;
        float noiseStd = (float) io.outNoise(), step = (float) outStep, bound = (float) outBound;
        boolean negFails = io.bmTestNegativeBound();
        // a saturated row is re-run in a later round unless bound management is off or gives up at once (accept)
        boolean rerun = io.boundManagement() != BoundManagement.NONE
                && !((int) 1.0 > io.maxBmFactor() || (inStep > 0 && 1.0 > io.maxBmRes() / inStep));
        tasks = Math.max(1, be.threads());
        boolean[] failed = new boolean[1];
        Parallel.forRange(in, tasks, ROW_ALIGN, (p0, p1) -> {
            float[] noise = withNoise ? new float[ROW_ALIGN * out] : null;
            for (int q0 = p0; q0 < p1; q0 += ROW_ALIGN) {
                int q1 = Math.min(p1, q0 + ROW_ALIGN);
                // the product of the block, y[j, i] = v·w[i, j] + 0: eight rows of w read along their length at a
                // time, so that each output row is written in runs of eight
                for (int i0 = 0; i0 < out; i0 += 8) {
                    int i1 = Math.min(out, i0 + 8);
                    for (int j = q0; j < q1; j++) {
                        int yo = j * out;
                        for (int i = i0; i < i1; i++) {
                            y[yo + i] = v * w[i * in + j] + 0f;
                        }
                    }
                }
                if (withNoise) {
                    // the block's stream of round 0, as fusedRound and finalizeAndStore key it (the DAC draws none)
                    long key = base.split(q0 / ROW_ALIGN).nextLong();
                    VectorGaussian.fill(key, noise, 0, (q1 - q0) * out);
                }
                for (int j = q0; j < q1; j++) {
                    int flags = Quantize.noiseRoundClip(y, j * out, out, noise, (j - q0) * out, noiseStd,
                            outNoiseValues, step, bound);
                    boolean ok = (flags & 1) == 0 && ((flags & 2) == 0 || !negFails);
                    if (!ok && rerun) {
                        failed[0] = true; // a later bound-management round: the general path
                        return;
                    }
                    Quantize.scaleStore(y, j * out, f, null, null, y, j * out, out, false);
                }
            }
        });
        return !failed[0];
    }

    /**
     * Whether a round can run fused, chunk by chunk: one pass, the plain ADC, and no IR drop, voltage offsets or weight
     * noise (the non-idealities of the analog pass, applied by {@link #singlePass}).
     */
    private boolean fusable() {
        return io.mvType() == AnalogMvType.ONE_PASS && plainAdc() && io.irDrop() <= 0 && vOffset == null
                && !(io.wNoise() > 0 && io.wNoiseType() != WeightNoiseType.NONE);
    }

    /** The DAC of row {@code p} of a round (batch row {@code b}), the noise management decided in round 0. */
    private float prepareRow(float[] x, int xOff, int ldx, int p, int r, double[] nmScale, boolean nm, boolean bm,
            Store st, float[] dst, int dOff, Rng rng) {
        int b = st.row(p);
        double[] reduction = st.reduction();
        boolean[] zero = st.zero();
        if (r == 0) {
            if (io.noiseManagement() != NoiseManagement.AVERAGE_ABS_MAX) { // else set in order by forward
                nmScale[b] = nm ? noiseManagementScale(x, xOff + b * ldx, io.noiseManagement()) : 1.0;
            }
            reduction[b] = 1.0;
            zero[b] = nm && nmScale[b] <= 0 && io.inpNoise() <= 0;
        }
        float s = 1f; // float32 as in the C++ tile, so DAC rounding matches it bit for bit
        if (nm && nmScale[b] > 0) {
            s /= (float) nmScale[b];
        }
        if (bm) {
            s /= (float) reduction[b];
        }
        st.scale()[p] = s;
        if (zero[b]) {
            Arrays.fill(dst, dOff, dOff + in, 0f);
        } else {
            prepareInput(x, xOff + b * ldx, s, dst, dOff, rng);
        }
        return s;
    }

    /** Rows of a fused chunk: a multiple of {@link #ROW_ALIGN} and of the GEMM's 6-row tiles. */
    private static final int CHUNK_ROWS = 192;
    /** The smallest round that runs fused (tests set it to compare both paths). */
    private int fusedMinRows = 4 * ROW_ALIGN;

    /** For tests: the smallest round that runs fused ({@code Integer.MAX_VALUE}: never). */
    void fusedMinRows(int rows) {
        this.fusedMinRows = rows;
    }

    /**
     * The tile's weights packed for the backend's fixed-B product, packed by the first chunk that needs the GEMM: the
     * one-hot inputs of a drift-compensation readout never do, and packing would be their largest cost.
     */
    private final class PackedWeights {
        private final ComputeBackend be;
        private final float[] w;
        private ComputeBackend.FixedB packed;

        PackedWeights(ComputeBackend be, float[] w) {
            this.be = be;
            this.w = w;
        }

        synchronized ComputeBackend.FixedB get() {
            if (packed == null) {
                packed = be.fixedB(true, out, in, w, 0, in);
            }
            return packed;
        }
    }

    /** Per-thread buffers of a fused chunk: its DAC outputs, its analog outputs and one block's output noise. */
    private static final class ChunkBuffers {
        float[] x = new float[0], y = new float[0], noise = new float[0];
    }

    private static final ThreadLocal<ChunkBuffers> CHUNK = ThreadLocal.withInitial(ChunkBuffers::new);

    /**
     * One bound-management round, chunk by chunk on each thread: DAC, product, ADC and store of {@link #CHUNK_ROWS}
     * rows while they are in cache, instead of three passes over the whole batch through memory (−13 % time for a
     * 10000 x 392 → 256 tile). Every row draws from the same streams in the same order as {@link #plainRound}, and the product
     * performs the same operations, so both give the same result.
     */
    private void fusedRound(float[] w, float[] x, int xOff, int ldx, int rows, int r, Rng base, double[] nmScale,
            boolean nm, boolean bm, boolean[] done, Store st, PackedWeights weights) {
        boolean withNoise = io.outNoise() > 0 || outNoiseValues != null;
        Parallel.forRange(rows, tasks, ROW_ALIGN, (p0, p1) -> {
            ChunkBuffers buf = CHUNK.get();
            if (buf.x.length < CHUNK_ROWS * in) {
                buf.x = new float[CHUNK_ROWS * in];
            }
            if (buf.y.length < CHUNK_ROWS * out) {
                buf.y = new float[CHUNK_ROWS * out];
            }
            if (withNoise && buf.noise.length < ROW_ALIGN * out) {
                buf.noise = new float[ROW_ALIGN * out];
            }
            float[] xc = buf.x, yc = buf.y, noise = withNoise ? buf.noise : null;
            Rng[] blockRng = new Rng[(CHUNK_ROWS + ROW_ALIGN - 1) / ROW_ALIGN];
            for (int c0 = p0; c0 < p1; c0 += CHUNK_ROWS) {
                int c1 = Math.min(p1, c0 + CHUNK_ROWS), n = c1 - c0;
                for (int p = c0; p < c1; p++) {
                    int blk = (p - c0) / ROW_ALIGN;
                    if (p == c0 || p % ROW_ALIGN == 0) {
                        blockRng[blk] = base.split(((long) r << 32) | (p / ROW_ALIGN));
                    }
                    prepareRow(x, xOff, ldx, p, r, nmScale, nm, bm, st, xc, (p - c0) * in, blockRng[blk]);
                }
                if (!oneHotProduct(w, xc, 0, yc, 0, n)) {
                    weights.get().multiply(n, 1f, xc, 0, in, 0f, yc, 0, out);
                }
                for (int q0 = c0; q0 < c1; q0 += ROW_ALIGN) {
                    int q1 = Math.min(c1, q0 + ROW_ALIGN);
                    long key = withNoise ? blockRng[(q0 - c0) / ROW_ALIGN].nextLong() : 0;
                    adcAndStore(yc, c0, q0, q1, noise, key, done, st);
                }
            }
        });
    }

    /** One bound-management round in three passes over the rows: DAC, analog product(s), ADC and store. */
    private void plainRound(float[] w, float[] x, int xOff, int ldx, int rows, int r, Rng base, double[] nmScale,
            boolean nm, boolean bm, boolean[] done, Store st, ComputeBackend be) {
        Rng[] rowRng = new Rng[rows];
        xq = ensure(xq, rows * in);
        Parallel.forRange(rows, tasks, ROW_ALIGN, (p0, p1) -> {
            Rng block = null;
            for (int p = p0; p < p1; p++) {
                if (block == null || p % ROW_ALIGN == 0) {
                    block = base.split(((long) r << 32) | (p / ROW_ALIGN));
                }
                rowRng[p] = block;
                prepareRow(x, xOff, ldx, p, r, nmScale, nm, bm, st, xq, p * in, block);
            }
        });
        yq = ensure(yq, rows * out);
        analogProduct(w, rows, rowRng, new boolean[rows], done, st, be);
    }

    /**
     * Where and how the rows of one round end up: row {@code p} of the round is batch row {@code idx[p]} (or
     * {@code p} when {@code idx} is null), divided by its DAC scale and multiplied by the digital output scale.
     */
    private record Store(int[] idx, boolean[] zero, float[] scale, double[] reduction, float outScale, float[] y,
            int yOff, int ldy, boolean accumulate, float[] colScale, float[] colBias) {
        int row(int p) {
            return idx == null ? p : idx[p];
        }
    }

    /** Whether row {@code p} is final: inside the bound, or bound management gave up (or is off). */
    private boolean accept(Store st, int p, boolean passed) {
        if (passed) {
            return true;
        }
        if (io.boundManagement() == BoundManagement.NONE) {
            return true;
        }
        double red = st.reduction()[st.row(p)];
        return (int) red > io.maxBmFactor() || (inStep > 0 && red > io.maxBmRes() / inStep);
    }

    /** The store of an all-zero input row: a zero output (plus the column bias, if any). */
    private void storeZero(Store st, int yo) {
        float[] y = st.y(), bias = st.colBias();
        for (int i = 0; i < out; i++) {
            float v = bias != null ? bias[i] : 0f;
            y[yo + i] = st.accumulate() ? y[yo + i] + v : v;
        }
    }

    /** Decides and stores the rows of a round whose ADC output is in {@code yq} (the general path). */
    private void storeRows(int rows, boolean[] passed, boolean[] done, Store st) {
        Parallel.forRange(rows, tasks, ROW_ALIGN, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int b = st.row(p);
                if (st.zero()[b]) {
                    done[p] = true;
                    storeZero(st, st.yOff() + b * st.ldy());
                    continue;
                }
                done[p] = accept(st, p, passed[p]);
                if (done[p]) {
                    Quantize.scaleStore(yq, p * out, st.outScale() / st.scale()[p], st.colScale(), st.colBias(),
                            st.y(), st.yOff() + b * st.ldy(), out, st.accumulate());
                }
            }
        });
    }

    /** The analog passes, the ADC and the store of the rows of one round (inputs in {@code xq}). */
    private void analogProduct(float[] w, int rows, Rng[] rowRng, boolean[] passed, boolean[] done, Store st,
            ComputeBackend be) {
        switch (io.mvType()) {
            case ONE_PASS -> {
                singlePass(w, xq, yq, rows, rowRng, be);
                if (plainAdc()) {
                    finalizeAndStore(rows, rowRng, done, st);
                    return;
                }
                finalizeRows(yq, rows, rowRng, passed);
            }
            case POS_NEG_SEPARATE, POS_NEG_SEPARATE_DIGITAL_SUM -> {
                boolean digital = io.mvType() == AnalogMvType.POS_NEG_SEPARATE_DIGITAL_SUM;
                int n = rows * in;
                xpos = ensure(xpos, n);
                for (int i = 0; i < n; i++) {
                    float v = xq[i];
                    xpos[i] = v > 0 ? v : 0f;
                    xq[i] = v < 0 ? v : 0f;
                }
                yneg = ensure(yneg, rows * out);
                singlePass(negativeInputWeights(w), xq, yneg, rows, rowRng, be);
                boolean[] negPassed = new boolean[rows];
                if (digital) {
                    finalizeRows(yneg, rows, rowRng, negPassed);
                }
                singlePass(w, xpos, yq, rows, rowRng, be);
                if (digital) {
                    finalizeRows(yq, rows, rowRng, passed);
                }
                for (int i = 0; i < rows * out; i++) {
                    yq[i] += yneg[i];
                }
                if (digital) {
                    for (int p = 0; p < rows; p++) {
                        passed[p] &= negPassed[p];
                    }
                } else {
                    finalizeRows(yq, rows, rowRng, passed);
                }
            }
        }
        storeRows(rows, passed, done, st);
    }

    /** The common ADC: output noise, deterministic rounding and a finite bound, no non-linearity or asymmetry. */
    private boolean plainAdc() {
        return nonlinearity == null && io.outAsymmetry() == 0 && !io.outStoRound() && !Double.isInfinite(outBound);
    }

    /**
     * The plain ADC of rows {@code [q0, q1)} of a round held in {@code ys} from row {@code first} on: output noise
     * (the block's normals of stream {@code noiseKey} into the buffer {@code noise} of {@link #ROW_ALIGN} rows; null:
     * none), rounding, clipping, the bound check, and the scaled store of the rows that are final. When the rows are
     * a whole number of the generator's steps the noise is drawn row by row into the buffer's first row, which stays
     * in L1 between the draw and its use; the values are the same as one fill for the whole block.
     */
    private void adcAndStore(float[] ys, int first, int q0, int q1, float[] noise, long noiseKey, boolean[] done,
            Store st) {
        float noiseStd = (float) io.outNoise(), step = (float) outStep, bound = (float) outBound;
        boolean negFails = io.bmTestNegativeBound();
        VectorGaussian.Stream rowWise = null;
        if (noise != null) {
            if (out % VectorGaussian.STEP == 0) {
                rowWise = new VectorGaussian.Stream(noiseKey);
            } else {
                VectorGaussian.fill(noiseKey, noise, 0, (q1 - q0) * out);
            }
        }
        for (int p = q0; p < q1; p++) {
            int b = st.row(p), yo = st.yOff() + b * st.ldy();
            if (rowWise != null) {
                rowWise.fill(noise, 0, out); // drawn for every row, so the next rows keep their values
            }
            if (st.zero()[b]) {
                done[p] = true;
                storeZero(st, yo);
                continue;
            }
            int n0 = rowWise != null ? 0 : (p - q0) * out;
            int flags = Quantize.noiseRoundClip(ys, (p - first) * out, out, noise, n0, noiseStd, outNoiseValues, step,
                    bound);
            boolean ok = (flags & 1) == 0 && ((flags & 2) == 0 || !negFails);
            done[p] = accept(st, p, ok);
            if (done[p]) {
                Quantize.scaleStore(ys, (p - first) * out, st.outScale() / st.scale()[p], st.colScale(),
                        st.colBias(), st.y(), yo, out, st.accumulate());
            }
        }
    }

    private static final ThreadLocal<float[][]> NOISE = ThreadLocal.withInitial(() -> new float[1][0]);

    /**
     * The ADC of {@link #plainAdc()} fused with the store, block by block: each block of {@link #ROW_ALIGN} rows draws
     * its output noise in one vectorized fill keyed by its own stream, then each row is noised, rounded, clipped,
     * checked against the bound and, when final, scaled into {@code y} while still in cache.
     */
    private void finalizeAndStore(int rows, Rng[] rowRng, boolean[] done, Store st) {
        boolean withNoise = io.outNoise() > 0 || outNoiseValues != null;
        Parallel.forRange(rows, tasks, ROW_ALIGN, (p0, p1) -> {
            float[] noise = null;
            if (withNoise) {
                float[][] holder = NOISE.get();
                if (holder[0].length < ROW_ALIGN * out) {
                    holder[0] = new float[ROW_ALIGN * out];
                }
                noise = holder[0];
            }
            for (int q0 = p0; q0 < p1; q0 += ROW_ALIGN) {
                int q1 = Math.min(p1, q0 + ROW_ALIGN);
                long key = withNoise ? rowRng[q0].nextLong() : 0;
                adcAndStore(yq, 0, q0, q1, noise, key, done, st);
            }
        });
    }

    /** One analog pass: the product plus IR drop and short-term weight noise (AIHWKit's applyNonIdealities). */
    private void singlePass(float[] w, float[] xs, float[] ys, int rows, Rng[] rowRng, ComputeBackend be) {
        if (!oneHotProduct(w, xs, 0, ys, 0, rows)) {
            be.sgemm(false, true, rows, out, in, 1f, xs, 0, in, w, 0, in, 0f, ys, 0, out);
        }
        if (io.irDrop() > 0) {
            applyIrDrop(w, xs, ys, rows, be);
        }
        if (vOffset != null) {
            applyVoltageOffsets(xs, ys, rows);
        }
        if (io.wNoise() > 0 && io.wNoiseType() != WeightNoiseType.NONE) {
            applyWeightNoise(xs, ys, rows, rowRng, be);
        }
    }

    /**
     * The product when every input row has at most one non-zero value, as for the one-hot inputs of the
     * drift-compensation readout: {@code y[p, i] = v_p·w[i, j_p] + 0}, the exact value the GEMM gives (its other
     * terms are zeros; adding +0 turns a −0 into +0 as the GEMM's accumulation does), at a fraction of its cost. Row
     * 0 of an ordinary batch has several non-zeros, so the check costs almost nothing when it does not apply.
     */
    private boolean oneHotProduct(float[] w, float[] xs, int xo, float[] ys, int yo0, int rows) {
        int[] col = new int[rows];
        for (int p = 0; p < rows; p++) {
            col[p] = -1;
            for (int j = 0; j < in; j++) {
                float v = xs[xo + p * in + j];
                if (v != 0f) {
                    if (col[p] >= 0 || !Float.isFinite(v)) {
                        return false;
                    }
                    col[p] = j;
                }
            }
        }
        for (int p = 0; p < rows; p++) {
            int j = col[p], yo = yo0 + p * out;
            if (j < 0) {
                Arrays.fill(ys, yo, yo + out, 0f);
                continue;
            }
            float v = xs[xo + p * in + j];
            for (int i = 0; i < out; i++) {
                float wi = w[i * in + j];
                if (!Float.isFinite(wi)) {
                    return false; // 0·inf is NaN in the GEMM: let it compute
                }
                ys[yo + i] = v * wi + 0f;
            }
        }
        return true;
    }

    /**
     * The weights negative inputs see: each device's weight times its read factor {@code 1 + f_ij} with
     * {@code w_read_asymmetry_dtod} (AIHWKit applies it in the negative pass of a two-pass MVM only).
     */
    private float[] negativeInputWeights(float[] w) {
        if (wAsymmetry == null) {
            return w;
        }
        wNeg = ensure(wNeg, out * in);
        for (int k = 0; k < out * in; k++) {
            wNeg[k] = w[k] * wAsymmetry[k];
        }
        return wNeg;
    }

    /**
     * Voltage offsets and series resistance on the output lines (AIHWKit's applyVoltageOffsets): line i reads its
     * coding device's current times {@code (1 − v_i)}; with an implicit reference device of weight
     * {@code v_offset_w_min} that reference carries {@code (1 + v_i)}, so a differential read no longer cancels it;
     * a series resistance divides each current by {@code 1 + r_series·|current|}.
     */
    private void applyVoltageOffsets(float[] xs, float[] ys, int rows) {
        double rs = Math.max(io.rSeries(), 0.0), wMin = io.vOffsetWMin();
        for (int p = 0; p < rows; p++) {
            int yo = p * out;
            if (wMin == 0) {
                for (int i = 0; i < out; i++) {
                    double y = ys[yo + i];
                    double v = vOffset[i];
                    ys[yo + i] = (float) (rs > 0 ? (1 - v) * y / (1 + rs * Math.abs(y)) : y * (1 - v));
                }
                continue;
            }
            double xAccum = 0;
            for (int j = 0; j < in; j++) {
                xAccum += xs[p * in + j];
            }
            double yRef = -wMin * xAccum;
            for (int i = 0; i < out; i++) {
                double y = ys[yo + i];
                double v = vOffset[i];
                if (rs > 0) {
                    double yPos = y + yRef;
                    ys[yo + i] = (float) ((1 - v) * yPos / (1 + rs * Math.abs(yPos))
                            - (1 + v) * yRef / (1 + rs * Math.abs(yRef)));
                } else {
                    ys[yo + i] = (float) (y * (1 - v) - v * 2 * yRef);
                }
            }
        }
    }

    /**
     * IR drop along the word lines: a column's loss grows with its total current {@code a_i = n/g_ratio·Σ|w||x|} as
     * {@code c_i = a(a(0.05a − 0.2) + 0.5)} and weighs inputs far from the driver more, {@code x_j(1 − (1 − j/n)²)}.
     */
    private void applyIrDrop(float[] w, float[] xs, float[] ys, int rows, ComputeBackend be) {
        int n = rows * in;
        aux = ensure(aux, n);
        aux2 = ensure(aux2, Math.max(n, rows * out * 2));
        for (int i = 0; i < n; i++) {
            aux[i] = Math.abs(xs[i]);
        }
        float[] current = new float[rows * out];
        be.sgemm(false, true, rows, out, in, 1f, aux, 0, in, absW, 0, in, 0f, current, 0, out);
        for (int p = 0; p < rows; p++) {
            for (int j = 0; j < in; j++) {
                double q = 1.0 - (double) j / in;
                aux[p * in + j] = (float) (xs[p * in + j] * (1.0 - q * q));
            }
        }
        float[] weighted = new float[rows * out];
        be.sgemm(false, true, rows, out, in, (float) io.irDrop(), aux, 0, in, w, 0, in, 0f, weighted, 0, out);
        double aScale = in / io.irDropGRatio();
        for (int i = 0; i < rows * out; i++) {
            double a = aScale * current[i];
            double c = a * (a * (0.05 * a - 0.2) + 0.5);
            ys[i] -= (float) (c * weighted[i]);
        }
    }

    private void applyWeightNoise(float[] xs, float[] ys, int rows, Rng[] rowRng, ComputeBackend be) {
        double wn = io.wNoise();
        if (io.wNoiseType() == WeightNoiseType.ADDITIVE_CONSTANT) {
            for (int p = 0; p < rows; p++) {
                double norm = 0;
                for (int j = 0; j < in; j++) {
                    norm += (double) xs[p * in + j] * xs[p * in + j];
                }
                double std = wn * Math.sqrt(norm);
                for (int i = 0; i < out; i++) {
                    ys[p * out + i] += (float) (std * Gaussian.next(rowRng[p]));
                }
            }
            return;
        }
        int n = rows * in;
        aux = ensure(aux, n);
        for (int i = 0; i < n; i++) {
            aux[i] = xs[i] * xs[i];
        }
        float[] acc = new float[rows * out];
        be.sgemm(false, true, rows, out, in, 1f, aux, 0, in, absW, 0, in, 0f, acc, 0, out);
        for (int p = 0; p < rows; p++) {
            for (int i = 0; i < out; i++) {
                ys[p * out + i] += (float) (wn * Math.sqrt(Math.max(acc[p * out + i], 0f)) * Gaussian.next(rowRng[p]));
            }
        }
    }

    /** ADC of every pending row, in parallel; {@code passed[p]} tells whether row p stayed inside the bound. */
    private void finalizeRows(float[] ys, int rows, Rng[] rowRng, boolean[] passed) {
        Parallel.forRange(rows, tasks, ROW_ALIGN, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                passed[p] = finalizeOutput(ys, p * out, rowRng[p]);
            }
        });
    }

    private boolean finalizeOutput(float[] ys, int off, Rng rng) {
        if (nonlinearity == null && io.outAsymmetry() == 0 && !io.outStoRound() && !Double.isInfinite(outBound)) {
            // common case: output noise, then the vectorized ADC rounding and clipping
            if (io.outNoise() > 0 || outNoiseValues != null) {
                float noise = (float) io.outNoise();
                for (int i = 0; i < out; i++) {
                    float sd = outNoiseValues != null ? outNoiseValues[i] : noise;
                    ys[off + i] += (float) (sd * Gaussian.next(rng));
                }
            }
            int flags = Quantize.roundClip(ys, off, out, (float) outStep, (float) outBound);
            boolean ok = (flags & 1) == 0 && ((flags & 2) == 0 || !io.bmTestNegativeBound());
            return ok || io.boundManagement() == BoundManagement.NONE;
        }
        boolean ok = true;
        double asym = 1.0 - io.outAsymmetry();
        double noise = io.outNoise();
        boolean withNoise = noise > 0 || outNoiseValues != null;
        boolean bm = io.boundManagement() != BoundManagement.NONE;
        for (int i = 0; i < out; i++) {
            double v = ys[off + i];
            if (nonlinearity != null) {
                v = nlFactor * v / (1.0 + Math.abs(nonlinearity[i] * v));
            }
            if (io.outAsymmetry() != 0 && v < 0) {
                v *= asym;
            }
            if (withNoise) {
                v += (outNoiseValues != null ? outNoiseValues[i] : noise) * Gaussian.next(rng);
            }
            float fv = (float) v, step = (float) outStep; // float32 ADC, as in AIHWKit
            if (step > 0) {
                fv = io.outStoRound()
                        ? (float) Math.rint(fv / step + rng.nextFloat() - 0.5f) * step
                        : (float) Math.rint(fv / step) * step;
            }
            v = fv;
            if (v > outBound) {
                v = outBound;
                ok = false;
            } else if (v < -outBound) {
                v = -outBound;
                if (io.bmTestNegativeBound()) {
                    ok = false;
                }
            }
            ys[off + i] = (float) v;
        }
        return ok || !bm;
    }

    /** DAC: scale, round to the input step (optionally stochastically), clip, add input noise, asymmetry. */
    private void prepareInput(float[] x, int xo, float scale, float[] dst, int off, Rng rng) {
        if (!io.inpStoRound() && io.inpNoise() == 0 && io.inpAsymmetry() == 0 && !Double.isInfinite(inBound)) {
            Quantize.scaleRoundClip(x, xo, scale, (float) inStep, (float) inBound, dst, off, in);
            return;
        }
        double asym = 1.0 - io.inpAsymmetry();
        float step = (float) inStep;
        for (int j = 0; j < in; j++) {
            float v = x[xo + j] * scale;
            if (step > 0) {
                v = io.inpStoRound()
                        ? (float) Math.rint(v / step + rng.nextFloat() - 0.5f) * step
                        : (float) Math.rint(v / step) * step;
            }
            if (v > inBound) {
                v = (float) inBound;
            } else if (v < -inBound) {
                v = (float) -inBound;
            }
            if (io.inpNoise() > 0) {
                v += io.inpNoise() * Gaussian.next(rng);
            }
            if (io.inpAsymmetry() != 0 && v < 0) {
                v *= asym;
            }
            dst[off + j] = (float) v;
        }
    }

    /** The divisor that brings one input vector into the DAC range (AIHWKit's computeNoiseManagement). */
    private double noiseManagementScale(float[] x, int off, NoiseManagement type) {
        double thres = io.nmThres();
        switch (type) {
            case NONE -> {
                return 1.0;
            }
            case CONSTANT -> {
                return thres > 0 ? thres : 1.0;
            }
            case MAX -> {
                double m = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < in; j++) {
                    m = Math.max(m, x[off + j]);
                }
                return thres > 0 ? Math.min(m, thres) : m;
            }
            case AVERAGE_ABS_MAX -> {
                return nmAverage > 0 ? nmAverage : absMax(x, off); // the running average (set in forward)
            }
            case ABS_MAX -> {
                double m = absMax(x, off);
                return thres > 0 ? Math.min(m, thres) : m;
            }
            case ABS_MAX_NP_SUM -> {
                double m = absMax(x, off);
                double ps = 0, ns = 0;
                for (int j = 0; j < in; j++) {
                    float v = x[off + j];
                    if (v > 0) {
                        ps += v;
                    } else {
                        ns += v;
                    }
                }
                double bound = Double.isInfinite(outBound) ? 1.0 : outBound;
                m = thres > 0 ? Math.min(m, thres) : m;
                double np = Math.max(ps, -ns) * NM_ASSUMED_WMAX / bound;
                if (inStep > 0) {
                    np = Math.min(m / inStep * io.maxBmRes(), np);
                }
                return Math.max(m, np);
            }
            default -> throw new IllegalStateException("unknown noise management " + type);
        }
    }

    private double absMax(float[] x, int off) {
        return Quantize.absMax(x, off, in);
    }

    private static float[] ensure(float[] a, int n) {
        return a != null && a.length >= n ? a : new float[n];
    }
}
