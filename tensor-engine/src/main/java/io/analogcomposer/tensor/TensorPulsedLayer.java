package io.analogcomposer.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.analogcomposer.engine.analog.update.AnalogUpdateTile;
import io.analogcomposer.engine.analog.update.PulsedAnalogLinear;
import io.analogcomposer.engine.analog.update.PulsedTile;
import io.analogcomposer.engine.analog.update.TrainingRpuConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * A layer trained in memory ({@link PulsedAnalogLinear}) on the device, as the Java layer: the forward
 * {@code y = MVM_fwd(W, x) + b} and the backward {@code dx = MVM_bwd(Wᵀ, dy)} are the non-ideal MVMs of the
 * configuration's forward and backward IO settings (tile by tile, as the Java layer splits it), and the weights change
 * only by the tiles' pulsed update ({@link TensorPulsedTile}) of the last forward's x and the backward's d; the bias is
 * digital (a parameter of the device optimizer).
 *
 * <p>
 * The backward MVM is noisy and non-linear in dy (noise and bound management, quantisation), so it cannot be an
 * autograd surrogate: the training forward cuts the graph here. Its output is a fresh leaf whose gradient is this
 * layer's d after the loss's backward; {@link #backward} then runs the backward MVM and continues the graph before the
 * layer with {@code backward(Σ x ⊙ dx)}.
 */
final class TensorPulsedLayer {
    private final PulsedAnalogLinear layer;
    private final int in, out;
    private final int[] rowOff, colOff;
    private final TensorPulsedTile[][] tiles;
    private final TensorMvm[][] fwd, bwd;
    /** The digital bias (a leaf with gradient), or null. */
    final NDArray bias;
    private final boolean inputGradient;
    // the last training forward's input (with its graph), its detached copy and the output leaf; the backward's d
    private NDArray inputWithGraph, lastX, outputLeaf, lastD;

    /** Throws {@link UnsupportedOnTensorPath} for what training this layer on the device lacks. */
    static void checkSupported(PulsedAnalogLinear layer) {
        TrainingRpuConfig cfg = layer.config();
        TensorMvm.checkSupported(cfg.forward());
        try {
            TensorMvm.checkSupported(cfg.backward());
        } catch (UnsupportedOnTensorPath e) {
            throw new UnsupportedOnTensorPath(e.getMessage().replace("forward.", "backward."), null);
        }
        for (AnalogUpdateTile t : layer.tiles()) {
            TensorPulsedTile.checkSupported(t);
        }
    }

    TensorPulsedLayer(PulsedAnalogLinear layer, NDManager state, boolean inputGradient) {
        checkSupported(layer);
        this.layer = layer;
        this.inputGradient = inputGradient;
        List<AnalogUpdateTile> all = layer.tiles();
        // the Java layer's tiles come row block by row block; the first row block's widths sum to the input size
        int inSize = 0, nc = 0;
        while (inSize < layer.weight().value().dim(1)) {
            inSize += all.get(nc++).inSize();
        }
        int nr = all.size() / nc;
        this.in = inSize;
        this.tiles = new TensorPulsedTile[nr][nc];
        this.fwd = new TensorMvm[nr][nc];
        this.bwd = new TensorMvm[nr][nc];
        this.rowOff = new int[nr + 1];
        this.colOff = new int[nc + 1];
        TrainingRpuConfig cfg = layer.config();
        for (int r = 0; r < nr; r++) {
            for (int c = 0; c < nc; c++) {
                AnalogUpdateTile t = all.get(r * nc + c);
                tiles[r][c] = new TensorPulsedTile((PulsedTile) t, state);
                fwd[r][c] = new TensorMvm(cfg.forward(), t.outSize(), t.inSize(), state);
                bwd[r][c] = new TensorMvm(cfg.backward(), t.inSize(), t.outSize(), state);
                if (c == 0) {
                    rowOff[r + 1] = rowOff[r] + t.outSize();
                }
                if (r == 0) {
                    colOff[c + 1] = colOff[c] + t.inSize();
                }
            }
        }
        this.out = rowOff[nr];
        if (layer.bias() == null) {
            this.bias = null;
        } else {
            this.bias = HostArrays.copyOf(state, layer.bias().value().data(), new ai.djl.ndarray.types.Shape(1, out));
            bias.setRequiresGradient(true);
        }
    }

    /** The arrays that live across batches (the bias is the trainer's, as a digital parameter). */
    List<NDArray> persistent() {
        List<NDArray> all = new ArrayList<>();
        for (TensorPulsedTile[] row : tiles) {
            for (TensorPulsedTile t : row) {
                all.addAll(t.persistent());
            }
        }
        return all;
    }

    /** The Java layer. */
    PulsedAnalogLinear javaLayer() {
        return layer;
    }

    /** {@code x [n, in]} into {@code [n, out]}; in training the output is a leaf and the input is kept. */
    NDArray forwardRows(NDArray x, boolean training) {
        NDArray xd = x.stopGradient();
        NDArray y = mvm(fwd, xd, true);
        if (training) {
            inputWithGraph = x;
            lastX = xd;
            y.setRequiresGradient(true);
            outputLeaf = y;
        }
        return bias == null ? y : y.add(bias);
    }

    /**
     * After the loss's backward reached this layer's output: keeps d for the update and, where the layers before have
     * parameters, runs the backward MVM and continues their graph.
     */
    void backward(GradientCollector gc) {
        lastD = outputLeaf.getGradient().duplicate();
        if (inputGradient) {
            NDArray dx = mvm(bwd, lastD, false);
            gc.backward(inputWithGraph.mul(dx).sum());
        }
        inputWithGraph = null;
        outputLeaf = null;
    }

    /** The in-memory update of the last batch at learning rate {@code lr}, tile by tile. */
    void update(double lr) {
        if (lastD == null) {
            return;
        }
        for (int r = 0; r < tiles.length; r++) {
            NDArray d = tiles.length == 1 ? lastD : lastD.get(":, {}:{}", rowOff[r], rowOff[r + 1]);
            for (int c = 0; c < tiles[r].length; c++) {
                NDArray x = tiles[r].length == 1 ? lastX : lastX.get(":, {}:{}", colOff[c], colOff[c + 1]);
                tiles[r][c].update(x, d, lr);
            }
        }
        lastX = null;
        lastD = null;
    }

    /**
     * The forward ({@code y = Σ_c MVM(W_rc, x_c)} per row block) or the backward ({@code dx = Σ_r MVM(W_rcᵀ, d_r)}
     * per column block) of the tile grid on the visible weights.
     */
    private NDArray mvm(TensorMvm[][] mvms, NDArray v, boolean forward) {
        int nr = tiles.length, nc = tiles[0].length;
        int outer = forward ? nr : nc, inner = forward ? nc : nr;
        NDArray result = null;
        for (int o = 0; o < outer; o++) {
            NDArray sum = null;
            for (int i = 0; i < inner; i++) {
                int r = forward ? o : i, c = forward ? i : o;
                NDArray w = tiles[r][c].visible;
                NDArray part;
                if (forward) {
                    NDArray xc = nc == 1 ? v : v.get(":, {}:{}", colOff[c], colOff[c + 1]);
                    part = mvms[r][c].forward(mvms[r][c].prepare(w), xc);
                } else {
                    NDArray dr = nr == 1 ? v : v.get(":, {}:{}", rowOff[r], rowOff[r + 1]);
                    part = mvms[r][c].forward(mvms[r][c].prepare(w.transpose()), dr);
                }
                sum = sum == null ? part : sum.add(part);
            }
            result = result == null ? sum : result.concat(sum, 1);
        }
        return result;
    }

    /** Pulses applied so far over all tiles (read back). */
    long pulseCount() {
        long n = 0;
        for (TensorPulsedTile[] row : tiles) {
            for (TensorPulsedTile t : row) {
                n += t.pulseCount();
            }
        }
        return n;
    }

    /** Writes the devices' states and the bias into the Java layer. */
    void copyBack() {
        for (TensorPulsedTile[] row : tiles) {
            for (TensorPulsedTile t : row) {
                t.copyBack();
            }
        }
        // the Java layer's weight mirror follows its tiles
        float[] w = new float[out * in];
        for (int r = 0; r < tiles.length; r++) {
            for (int c = 0; c < tiles[r].length; c++) {
                float[] part = layer.tiles().get(r * tiles[r].length + c).weights();
                int cols = colOff[c + 1] - colOff[c];
                for (int i = 0; i < rowOff[r + 1] - rowOff[r]; i++) {
                    System.arraycopy(part, i * cols, w, (rowOff[r] + i) * in + colOff[c], cols);
                }
            }
        }
        System.arraycopy(w, 0, layer.weight().value().data(), 0, w.length);
        if (bias != null) {
            float[] b = bias.toFloatArray();
            System.arraycopy(b, 0, layer.bias().value().data(), 0, b.length);
        }
    }
}
