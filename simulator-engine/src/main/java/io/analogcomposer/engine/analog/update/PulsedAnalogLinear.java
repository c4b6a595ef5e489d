package io.analogcomposer.engine.analog.update;

import io.analogcomposer.engine.analog.io.AnalogMvm;
import io.analogcomposer.engine.nn.Module;
import io.analogcomposer.engine.nn.Parameter;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Ops;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A fully connected layer trained in analog memory (AIHWKit's {@code AnalogLinear} with a training RPU config):
 * forward {@code y = MVM_fwd(W, x) + b} and backward {@code dx = MVM_bwd(W^T, dy)} are non-ideal analog MVMs
 * ({@link AnalogMvm}, the inference engine's tile model), and the weight update is the in-memory one of the
 * configuration's {@link AnalogUpdateTile}, applied by {@link AnalogSgd}. The bias is digital and updated by plain SGD.
 *
 * <p>
 * Like AIHWKit's tile array, a layer larger than the mapping's {@code max_input_size x max_output_size} (default 512
 * x 512) is split into near-equal tiles ({@code n = ceil(size / max)}, sizes differing by at most one); each tile has
 * its own MVM periphery and its own update management (per-tile absolute maxima of x and d).
 *
 * <p>
 * The {@code weight} parameter mirrors the devices' weights (for checkpoints and inspection); its gradient is unused.
 */
public final class PulsedAnalogLinear extends Module {
    /** AIHWKit's default {@code MappingParameter.max_input_size} / {@code max_output_size}. */
    public static final int DEFAULT_MAX_TILE = 512;

    private final int inSize, outSize;
    private final TrainingRpuConfig config;
    private final int[] inSizes, inOff, outSizes, outOff;
    private final AnalogUpdateTile[][] tiles;
    private final AnalogMvm[][] fwd, bwd;
    private final Parameter weight, bias;
    private final Rng rng;
    private Tensor input, output, gradInput;
    private float[][] xChunks, dChunks, wT;
    private int lastBatch;
    private boolean pendingUpdate, dAdopted;
    // the (x, d) rows of every call since the last update, in backward order, for use as a step matrix
    private float[] callX = new float[0], callD = new float[0];
    private int callRows;
    // where the update's x comes from when the caller produces it on demand (a convolution): per tile column
    private UpdateRows[] updateRows;

    /** A layer with the default 512 x 512 tile limit. */
    public PulsedAnalogLinear(int inFeatures, int outFeatures, boolean withBias, TrainingRpuConfig config, Rng rng) {
        this(inFeatures, outFeatures, withBias, config, DEFAULT_MAX_TILE, DEFAULT_MAX_TILE, rng);
    }

    /**
     * A layer with PyTorch's U(-1/sqrt(in), 1/sqrt(in)) initial weights programmed into the devices, split into tiles
     * of at most {@code maxInputSize x maxOutputSize} (≤ 0: no split).
     */
    public PulsedAnalogLinear(int inFeatures, int outFeatures, boolean withBias, TrainingRpuConfig config,
            int maxInputSize, int maxOutputSize, Rng rng) {
        if (inFeatures < 1 || outFeatures < 1) {
            throw new IllegalArgumentException(
                    "analog_linear needs in_features and out_features >= 1, got " + inFeatures + ", " + outFeatures);
        }
        this.inSize = inFeatures;
        this.outSize = outFeatures;
        this.config = config;
        this.rng = rng.split(0x51);
        this.inSizes = splits(inFeatures, maxInputSize);
        this.outSizes = splits(outFeatures, maxOutputSize);
        this.inOff = offsets(inSizes);
        this.outOff = offsets(outSizes);
        int nr = outSizes.length, nc = inSizes.length;
        this.tiles = new AnalogUpdateTile[nr][nc];
        this.fwd = new AnalogMvm[nr][nc];
        this.bwd = new AnalogMvm[nr][nc];
        this.wT = new float[nr * nc][];
        for (int r = 0; r < nr; r++) {
            for (int c = 0; c < nc; c++) {
                Rng tr = rng.split(0x52 + 1000L * r + c);
                tiles[r][c] = config.createTile(outSizes[r], inSizes[c], tr.split(1));
                fwd[r][c] = new AnalogMvm(config.forward(), outSizes[r], inSizes[c], tr.split(2));
                bwd[r][c] = new AnalogMvm(config.backward(), inSizes[c], outSizes[r], tr.split(3));
                wT[r * nc + c] = new float[outSizes[r] * inSizes[c]];
            }
        }
        this.xChunks = new float[nc][0];
        this.dChunks = new float[nr][0];
        float bound = (float) (1.0 / Math.sqrt(inFeatures));
        float[] w = new float[outFeatures * inFeatures];
        Rng init = rng.split(0x55);
        init.fillUniform(w, 0, w.length, -bound, bound);
        this.weight = new Parameter("weight", Tensor.zeros(outFeatures, inFeatures));
        setWeights(w);
        if (withBias) {
            Tensor b = Tensor.zeros(outFeatures);
            init.fillUniform(b.data(), 0, outFeatures, -bound, bound);
            this.bias = new Parameter("bias", b);
        } else {
            this.bias = null;
        }
    }

    /** AIHWKit's split: {@code n = ceil(size / max)} parts of near-equal size. */
    static int[] splits(int size, int max) {
        int n = max <= 0 ? 1 : (size + max - 1) / max;
        int base = size / n, extra = size % n;
        int[] s = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = base + (i < extra ? 1 : 0);
        }
        return s;
    }

    private static int[] offsets(int[] sizes) {
        int[] o = new int[sizes.length];
        for (int i = 1; i < sizes.length; i++) {
            o[i] = o[i - 1] + sizes[i - 1];
        }
        return o;
    }

    /** The tiles, row block by row block ({@code [out splits][in splits]}). */
    public List<AnalogUpdateTile> tiles() {
        List<AnalogUpdateTile> l = new ArrayList<>();
        for (AnalogUpdateTile[] row : tiles) {
            l.addAll(Arrays.asList(row));
        }
        return l;
    }

    @Override
    public void visitTrainingState(io.analogcomposer.engine.resume.StateRegistry registry) {
        super.visitTrainingState(registry);
        registry.rng("rng", rng);
        registry.scalar("pending_update", () -> pendingUpdate ? 1 : 0, v -> pendingUpdate = v != 0);
        registry.scalar("last_batch", () -> lastBatch, v -> lastBatch = (int) v);
        for (int r = 0; r < tiles.length; r++) {
            for (int c = 0; c < tiles[r].length; c++) {
                tiles[r][c].visitTrainingState(registry.within("tile" + r + "_" + c + "."));
            }
        }
    }

    /** Device pulses applied so far over all tiles. */
    public long pulseCount() {
        long n = 0;
        for (AnalogUpdateTile t : tiles()) {
            n += t.pulseCount();
        }
        return n;
    }

    /** The logical weights {@code [out, in]} as the MVMs see them (a copy). */
    public float[] weightMatrix() {
        syncWeight();
        return weight.value().data().clone();
    }

    /** Programs the logical weights {@code [out, in]} into the tiles. */
    public void setWeights(float[] w) {
        if (w.length != outSize * inSize) {
            throw new IllegalArgumentException("expected " + outSize * inSize + " weights, got " + w.length);
        }
        for (int r = 0; r < tiles.length; r++) {
            for (int c = 0; c < tiles[r].length; c++) {
                float[] part = new float[outSizes[r] * inSizes[c]];
                for (int i = 0; i < outSizes[r]; i++) {
                    System.arraycopy(w, (outOff[r] + i) * inSize + inOff[c], part, i * inSizes[c], inSizes[c]);
                }
                tiles[r][c].setWeights(part);
            }
        }
        syncWeight();
    }

    public TrainingRpuConfig config() {
        return config;
    }

    /** The weight mirror parameter (excluded from digital optimizer steps). */
    public Parameter weight() {
        return weight;
    }

    /** The digital bias, or null. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public String type() {
        return "analog_linear";
    }

    @Override
    public int[] outputShape(int[] s) {
        if (s.length != 1 || s[0] != inSize) {
            throw new IllegalArgumentException(
                    "analog_linear expects input shape [" + inSize + "], got " + Arrays.toString(s));
        }
        return new int[]{outSize};
    }

    @Override
    public Tensor forward(Tensor x) {
        return forward(x, null);
    }

    /**
     * The forward pass writing {@code [batch, out]} into {@code into} instead of the layer's own buffer, for a caller
     * that consumes the output at once (a convolution reorders its rows into channels): the backward pass and the
     * update do not read the output.
     */
    public Tensor forward(Tensor x, float[] into) {
        if (x.rank() != 2 || x.dim(1) != inSize) {
            throw new IllegalArgumentException(
                    "analog_linear(" + inSize + "->" + outSize + ") expects [batch, " + inSize + "], got "
                            + x.shapeString());
        }
        int b = x.dim(0);
        input = x;
        Tensor result = into == null ? output = Tensor.ensure(output, b, outSize) : Tensor.wrap(into, b, outSize);
        float[] y = result.data();
        if (updateRows != null) {
            forwardBlock(x.data(), b, y);
            return result;
        }
        for (int c = 0; c < inSizes.length; c++) {
            xChunks[c] = gather(x.data(), b, inSize, inOff[c], inSizes[c], xChunks[c]);
        }
        mvmForward(xChunks, b, y);
        return result;
    }

    /**
     * Makes the update read its x from {@code rows} ({@code [batch, in]} of the last forward, produced on demand)
     * instead of keeping the forward's input: a caller whose inputs are larger than what they are made from (a
     * convolution's patch rows) keeps the latter and may reuse the forward's input array at once. Null: keep the
     * input, as by default.
     */
    public void updateRowsFrom(UpdateRows rows) {
        if (rows == null) {
            updateRows = null;
            return;
        }
        updateRows = new UpdateRows[inSizes.length];
        for (int c = 0; c < inSizes.length; c++) {
            updateRows[c] = inSizes.length == 1 ? rows : rows.columns(inOff[c], inSizes[c]);
        }
    }

    /**
     * {@code y [n, out] = MVM_fwd(W, x) + bias} for rows {@code x [n, in]} of a caller that gives the update its rows
     * ({@link #updateRowsFrom}): one block of a larger forward, nothing kept. The tiles read their columns of
     * {@code x} in place (no chunk copies, which for a split convolution were as large as its patch rows).
     */
    void forwardBlock(float[] x, int n, float[] y) {
        for (int r = 0; r < outSizes.length; r++) {
            for (int c = 0; c < inSizes.length; c++) {
                fwd[r][c].forward(tiles[r][c].weights(), x, inOff[c], inSize, n, y, outOff[r], outSize, c > 0, null,
                        1.0, rng, backend);
            }
        }
        addBias(y, n);
    }

    /**
     * Keeps {@code dy [batch, out]} (the caller leaves it unchanged until the optimizer step) as the update's d of
     * the forward blocks since the last update, and adds the bias gradient; {@link #inputGradientBlock} then gives
     * the input gradient block by block.
     */
    void keepGradient(float[] dy, int batch) {
        keepD(Tensor.wrap(dy, batch, outSize), batch, true);
    }

    /**
     * Keeps {@code dy} as the pending update's d (adopted without a copy where the caller leaves it unchanged until
     * the optimizer step and the layer has one output chunk) and adds the bias gradient.
     */
    private void keepD(Tensor dy, int batch, boolean dyKept) {
        if (dyKept && outSizes.length == 1) {
            // the caller keeps dy unchanged until the optimizer step: the update reads it there, no copy
            dChunks[0] = dy.data();
            dAdopted = true;
        } else {
            if (dAdopted) {
                java.util.Arrays.fill(dChunks, new float[0]); // the adopted array is the caller's: never write it
                dAdopted = false;
            }
            copyD(dy, batch);
        }
        lastBatch = batch;
        pendingUpdate = true;
        if (bias != null) {
            Ops.columnSums(dy.data(), batch, outSize, bias.grad().data());
        }
    }

    /** {@code dx [n, in] = MVM_bwd(W^T, d)} for rows {@code [from, from + n)} of the kept gradient. */
    void inputGradientBlock(int from, int n, float[] dx) {
        int nc = inSizes.length;
        for (int c = 0; c < nc; c++) {
            for (int r = 0; r < outSizes.length; r++) {
                float[] t = wT[r * nc + c];
                if (from == 0) {
                    transpose(tiles[r][c].weights(), t, outSizes[r], inSizes[c]); // once per backward
                }
                bwd[r][c].forward(t, dChunks[r], from * outSizes[r], outSizes[r], n, dx, inOff[c], inSize, r > 0,
                        null, 1.0, rng, backend);
            }
        }
    }

    /** {@code y [b, out] = MVM_fwd(W, x) + bias} for the input split into the tiles' column chunks. */
    private void mvmForward(float[][] xChunks, int b, float[] y) {
        // each tile writes its slice of the output in place, the tiles after a row's first adding to it: no staging
        // copy (for a convolution's rows that copy was as large as the layer's output)
        for (int r = 0; r < outSizes.length; r++) {
            for (int c = 0; c < inSizes.length; c++) {
                fwd[r][c].forward(tiles[r][c].weights(), xChunks[c], 0, inSizes[c], b, y, outOff[r], outSize, c > 0,
                        null, 1.0, rng, backend);
            }
        }
        addBias(y, b);
    }

    private void addBias(float[] y, int b) {
        if (bias != null) {
            float[] bb = bias.value().data();
            for (int s = 0; s < b; s++) {
                for (int i = 0; i < outSize; i++) {
                    y[s * outSize + i] += bb[i];
                }
            }
        }
    }

    /** Copies columns {@code [off, off + n)} of a row-major {@code [rows, cols]} matrix (no copy for one chunk). */
    private static float[] gather(float[] src, int rows, int cols, int off, int n, float[] buf) {
        if (n == cols) {
            return src;
        }
        float[] dst = buf != null && buf.length >= rows * n && buf != src ? buf : new float[rows * n];
        for (int s = 0; s < rows; s++) {
            System.arraycopy(src, s * cols + off, dst, s * n, n);
        }
        return dst;
    }

    @Override
    public Tensor backward(Tensor dy) {
        return backward(dy, null, false);
    }

    /**
     * The backward pass writing the input gradient into {@code into} (at least {@code [batch, in]}) instead of the
     * layer's own buffer, for a caller that consumes it at once (a convolution scatters its row gradients back into
     * images: one scratch array serves all its layers instead of a patch-row-sized buffer each).
     */
    public Tensor backward(Tensor dy, float[] into, boolean dyKept) {
        int b = input.dim(0);
        if (dy.rank() != 2 || dy.dim(0) != b || dy.dim(1) != outSize) {
            throw new IllegalArgumentException(
                    "analog_linear backward expects [" + b + ", " + outSize + "], got " + dy.shapeString());
        }
        keepD(dy, b, dyKept);
        if (!needsInputGrad) {
            return null;
        }
        Tensor target = into == null ? gradInput = Tensor.ensure(gradInput, b, inSize) : Tensor.wrap(into, b, inSize);
        mvmBackward(dChunks, b, target.data());
        return target;
    }

    /** {@code dx [b, in] = MVM_bwd(W^T, d)} for the output gradient split into the tiles' row chunks. */
    private void mvmBackward(float[][] dChunks, int b, float[] dx) {
        int nc = inSizes.length;
        // each tile's transposed pass writes its slice of the input gradient in place (the tiles after a column's
        // first add to it): no staging copy, which for a convolution was as large as its patch rows
        for (int c = 0; c < nc; c++) {
            for (int r = 0; r < outSizes.length; r++) {
                float[] w = tiles[r][c].weights(), t = wT[r * nc + c];
                transpose(w, t, outSizes[r], inSizes[c]);
                bwd[r][c].forward(t, dChunks[r], 0, outSizes[r], b, dx, inOff[c], inSize, r > 0, null, 1.0, rng,
                        backend);
            }
        }
    }

    /** Own copies of dy's row chunks: the update's d must survive until the optimizer step. */
    private void copyD(Tensor dy, int b) {
        for (int r = 0; r < outSizes.length; r++) {
            float[] buf = dChunks[r].length >= b * outSizes[r] ? dChunks[r] : new float[b * outSizes[r]];
            for (int s = 0; s < b; s++) {
                System.arraycopy(dy.data(), s * outSize + outOff[r], buf, s * outSizes[r], outSizes[r]);
            }
            dChunks[r] = buf;
        }
    }

    /** Side of the square blocks {@link #transpose} copies: 16 x 16 floats read and written stay in cache. */
    private static final int BLOCK = 16;

    /**
     * {@code t [cols, rows]} = the transpose of {@code w [rows, cols]}, block by block: the plain loop writes with a
     * stride of a whole row and missed the cache on every element (about 5 % of a pulsed SGD epoch of the MLP).
     */
    static void transpose(float[] w, float[] t, int rows, int cols) {
        for (int i0 = 0; i0 < rows; i0 += BLOCK) {
            int i1 = Math.min(i0 + BLOCK, rows);
            for (int j0 = 0; j0 < cols; j0 += BLOCK) {
                int j1 = Math.min(j0 + BLOCK, cols);
                for (int i = i0; i < i1; i++) {
                    for (int j = j0; j < j1; j++) {
                        t[j * rows + i] = w[i * cols + j];
                    }
                }
            }
        }
    }

    /**
     * One call of this crossbar as a step matrix (a recurrent cell's weights once per time step, an attention
     * projection over all tokens): {@code y [n, out] = MVM_fwd(W, x) + bias}. The weights do not change until the
     * optimizer step, so the call needs no state of its own for its backward.
     */
    void forwardCall(float[] x, int n, float[] y) {
        float[][] chunks = new float[inSizes.length][];
        for (int c = 0; c < inSizes.length; c++) {
            chunks[c] = gather(x, n, inSize, inOff[c], inSizes[c], null);
        }
        mvmForward(chunks, n, y);
    }

    /**
     * The backward of one call on input {@code x [n, in]}: writes {@code dx = MVM_bwd(W^T, dy)} unless it is null,
     * adds the bias gradient, and keeps {@code x} and {@code dy} for the update. AIHWKit's {@code AnalogFunction}
     * stores each call's input and output gradient in the tile's context, and its analog optimizer concatenates
     * them along the batch axis into one {@code update} at the step; {@link #applyUpdate} does the same with the
     * calls kept since {@link #clearCalls}, in the order of their backward.
     */
    void backwardCall(float[] x, int n, float[] dy, float[] dx) {
        int rows = callRows + n;
        if (callX.length < rows * inSize) {
            callX = Arrays.copyOf(callX, Math.max(rows * inSize, 2 * callX.length));
        }
        if (callD.length < rows * outSize) {
            callD = Arrays.copyOf(callD, Math.max(rows * outSize, 2 * callD.length));
        }
        System.arraycopy(x, 0, callX, callRows * inSize, n * inSize);
        System.arraycopy(dy, 0, callD, callRows * outSize, n * outSize);
        callRows = rows;
        if (bias != null) {
            float[] g = bias.grad().data();
            for (int s = 0; s < n; s++) {
                for (int o = 0; o < outSize; o++) {
                    g[o] += dy[s * outSize + o];
                }
            }
        }
        if (dx != null) {
            float[][] chunks = new float[outSizes.length][];
            for (int r = 0; r < outSizes.length; r++) {
                chunks[r] = gather(dy, n, outSize, outOff[r], outSizes[r], null);
            }
            mvmBackward(chunks, n, dx);
        }
    }

    /** Forgets the calls kept for the update and zeroes the bias gradient (a new sum over calls starts). */
    void clearCalls() {
        callRows = 0;
        if (bias != null) {
            Arrays.fill(bias.grad().data(), 0f);
        }
    }

    /** Rows {@code [batch]} of the calls kept for the update. */
    int pendingCallRows() {
        return callRows;
    }

    /** Whether a backward pass left an update that {@link #applyUpdate} has not applied yet. */
    public boolean hasPendingUpdate() {
        return pendingUpdate;
    }

    /** Applies the in-memory update {@code W -= lr Σ d x^T} of the last forward/backward pair, tile by tile. */
    public void applyUpdate(double lr) {
        if (callRows > 0) {
            // as a step matrix: one update with every call's rows, as AIHWKit's optimizer concatenates them
            for (int r = 0; r < outSizes.length; r++) {
                float[] d = gather(callD, callRows, outSize, outOff[r], outSizes[r], null);
                for (int c = 0; c < inSizes.length; c++) {
                    tiles[r][c].update(gather(callX, callRows, inSize, inOff[c], inSizes[c], null), d, callRows,
                            lr);
                }
            }
            callRows = 0;
            syncWeight();
        }
        if (!pendingUpdate) {
            return;
        }
        for (int r = 0; r < outSizes.length; r++) {
            for (int c = 0; c < inSizes.length; c++) {
                if (updateRows != null) {
                    tiles[r][c].update(updateRows[c], dChunks[r], lastBatch, lr);
                } else {
                    tiles[r][c].update(xChunks[c], dChunks[r], lastBatch, lr);
                }
            }
        }
        pendingUpdate = false;
        syncWeight();
    }

    private void syncWeight() {
        float[] w = weight.value().data();
        for (int r = 0; r < tiles.length; r++) {
            for (int c = 0; c < tiles[r].length; c++) {
                AnalogUpdateTile tile = tiles[r][c];
                float[] part = tile.weights();
                // a plain pulsed tile says which rows its pulses reached: the others still hold what was copied
                PulsedTile pulsed = tile instanceof PulsedTile p ? p : null;
                for (int i = 0; i < outSizes[r]; i++) {
                    if (pulsed == null || pulsed.rowChanged(i)) {
                        System.arraycopy(part, i * inSizes[c], w, (outOff[r] + i) * inSize + inOff[c], inSizes[c]);
                    }
                }
                if (pulsed != null) {
                    pulsed.clearChangedRows();
                }
            }
        }
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> p = new ArrayList<>();
        p.add(weight);
        if (bias != null) {
            p.add(bias);
        }
        return p;
    }
}
