package io.analogcomposer.engine.analog.update;

import io.analogcomposer.engine.analog.device.PulseTarget;
import io.analogcomposer.engine.backend.ComputeBackend;
import io.analogcomposer.engine.backend.JavaBackend;
import io.analogcomposer.engine.random.Rng;

/**
 * The mixed-precision tile: {@code chi += lr d x^T} digitally (optionally with x and d quantized to
 * {@code n_x_bins}/{@code n_d_bins} levels of their absolute maximum), then per transfer each element of the selected
 * rows gives {@code n = trunc(chi / granularity)} units to the device as {@code n · transfer_lr · granularity /
 * dw_min} pulses (rounded; a row whose largest count exceeds {@code desired_bl}, the most one pulse train can carry, is
 * scaled down as a whole, as AIHWKit's managed transfer update does) and
 * keeps the remainder {@code chi - n · granularity} (AIHWKit's {@code MixedPrecRPUDevice::doTransfer}).
 */
public final class MixedPrecisionTile implements AnalogUpdateTile {
    private final int out, in;
    private final MixedPrecisionCompound par;
    private final PulsedTile tile; // null for a cell
    private final AnalogUpdateTile cell;
    private final PulseTarget devices;
    private final Runnable finish;
    private final float[] chi;
    private static final ComputeBackend BACKEND = new JavaBackend(1);
    /** Samples quantized per block of the update (bounds the quantized copies of x and d). */
    static final int QUANT_ROWS = 1024;
    private float[] qx = new float[0], qd = new float[0], xb = new float[0];
    private final float[] rowCounts;
    private final double granularity, pulsesPerUnit;
    private final int maxPulses;
    private final Rng rng;
    private long batches, pulses;
    private int cursor;

    /** A tile with chi = 0. */
    public MixedPrecisionTile(int out, int in, MixedPrecisionCompound par, UpdateParameters update, Rng rng) {
        this.out = out;
        this.in = in;
        this.par = par;
        this.rng = rng.split(2); // split is stateless: the order of the streams does not matter
        if (par.oneSided() != null) {
            OneSidedTile pair = new OneSidedTile(out, in, par.oneSided(), update, rng.split(1));
            this.cell = pair;
            this.devices = pair.pulseTarget();
            this.finish = () -> {
                devices.afterUpdate(this.rng);
                pair.finishUpdate(); // the pair's refresh check counts transfers
            };
            this.tile = null;
        } else if (par.vector() != null) {
            VectorTile vec = new VectorTile(out, in, par.vector(), update, rng.split(1));
            this.cell = vec;
            this.devices = vec.pulseTarget();
            this.finish = () -> devices.afterUpdate(this.rng);
            this.tile = null;
        } else {
            this.tile = new PulsedTile(out, in, par.device(), update, rng.split(1));
            this.cell = tile;
            this.devices = tile.devices();
            this.finish = () -> devices.afterUpdate(this.rng);
            if (devices == null) {
                throw new IllegalArgumentException("mixed_precision.device must be a pulsed device, not ideal");
            }
        }
        double dw = devices.dwMin();
        this.granularity = par.granularity() > 0 ? par.granularity() : dw;
        this.pulsesPerUnit = par.transferLr() * granularity / dw;
        this.maxPulses = update.desiredBl();
        this.chi = new float[out * in];
        this.rowCounts = new float[in];
    }

    /** The analog part (a device tile, a one-sided pair or a vector cell). */
    public AnalogUpdateTile analogCell() {
        return cell;
    }

    /** The digital accumulator chi, row-major {@code [out, in]} (live view). */
    public float[] chi() {
        return chi;
    }

    /** The device tile (null when the analog part is a cell, see {@link #analogCell}). */
    public PulsedTile deviceTile() {
        return tile;
    }

    @Override
    public float[] weights() {
        return cell.weights();
    }

    @Override
    public void setWeights(float[] w) {
        cell.setWeights(w);
        java.util.Arrays.fill(chi, 0f);
    }

    @Override
    public void update(float[] x, float[] d, int batch, double lr) {
        accumulate(x, null, d, batch, lr);
        transfer();
    }

    /**
     * Reads the rows a block of {@link #QUANT_ROWS} at a time: a convolution's rows (131,072 of 432 for VGG8's second
     * layer at batch 128) need not exist all at once. The same sums as {@link #update(float[], float[], int, double)}
     * with those rows in one array, bit for bit.
     */
    @Override
    public void update(UpdateRows x, float[] d, int batch, double lr) {
        accumulate(null, x, d, batch, lr);
        transfer();
    }

    /**
     * {@code chi += lr d^T x}, block by block of {@link #QUANT_ROWS} samples, from the array {@code xs} or, where it is
     * null, from {@code rows}. Both take the same blocks in the same order, so they give the same bits: the
     * quantized copies of x and d stay bounded (a copy of a convolution's whole update doubled the layer's memory),
     * the stochastic rounding draws in sample order, and chi adds one GEMM per block.
     */
    private void accumulate(float[] xs, UpdateRows rows, float[] d, int batch, double lr) {
        int nx = par.nXBins(), nd = par.nDBins();
        boolean quantized = nx > 0 || nd > 0;
        int block = Math.min(batch, QUANT_ROWS);
        if (quantized && (qx.length < block * in || qd.length < block * out)) {
            qx = new float[block * in];
            qd = new float[block * out];
        }
        if (xs == null && xb.length < block * in) {
            xb = new float[block * in];
        }
        for (int b0 = 0; b0 < batch; b0 += block) {
            int nb = Math.min(block, batch - b0);
            float[] xv = xs;
            int xo = b0 * in;
            if (xs == null) {
                rows.fill(b0, b0 + nb, 0, in, xb);
                xv = xb;
                xo = 0;
            }
            if (!quantized) {
                // chi[out, in] += lr * d^T x straight from the rows (no copies)
                BACKEND.sgemm(true, false, out, in, nb, (float) lr, d, b0 * out, out, xv, xo, in, 1f, chi, 0, in);
                continue;
            }
            for (int b = 0; b < nb; b++) {
                quantize(xv, xo + b * in, in, nx, par.stocRoundX(), qx, b * in);
                quantize(d, (b0 + b) * out, out, nd, par.stocRoundD(), qd, b * out);
            }
            // chi[out, in] += lr * qd^T qx: the block's summed outer products as one GEMM
            BACKEND.sgemm(true, false, out, in, nb, (float) lr, qd, 0, out, qx, 0, in, 1f, chi, 0, in);
        }
    }

    /** Counts the mini-batch and, every {@code transfer_every} of them, transfers chi's whole units to the devices. */
    private void transfer() {
        batches++;
        if (batches % par.transferEvery() == 0) {
            int rows = par.nRowsPerTransfer() < 0 ? out : Math.min(par.nRowsPerTransfer(), out);
            for (int r = 0; r < rows; r++) {
                int i = par.randomRow() ? rng.nextInt(out) : cursor;
                cursor = (cursor + 1) % out;
                transferRow(i);
            }
            finish.run();
        }
    }

    private void transferRow(int i) {
        float g = (float) granularity;
        int row = i * in;
        float nMax = 0;
        for (int j = 0; j < in; j++) {
            float v = chi[row + j];
            // most elements hold less than one unit: skip the division for them
            float n = Math.abs(v) < g ? 0f : (float) (v > 0 ? Math.floor(v / g) : Math.ceil(v / g)); // trunc
            rowCounts[j] = n;
            nMax = Math.max(nMax, Math.abs(n));
        }
        if (nMax == 0f) {
            return;
        }
        // one pulse train carries at most BL pulses: like AIHWKit's managed transfer update, a row whose largest
        // count exceeds BL is scaled down as a whole (the units still leave chi)
        double scale = pulsesPerUnit * Math.min(1.0, maxPulses / (nMax * pulsesPerUnit));
        for (int j = 0; j < in; j++) {
            float n = rowCounts[j];
            if (n == 0f) {
                continue;
            }
            chi[row + j] -= n * g;
            int p = (int) Math.rint(Math.abs(n) * scale);
            if (p > 0) {
                // chi accumulates +lr d x, so a positive count lowers the weight
                devices.pulse(row + j, p, n > 0, rng);
                pulses += p;
            }
        }
    }

    private void quantize(float[] v, int off, int n, int bins, boolean sto, float[] outv, int o) {
        if (bins <= 0) {
            System.arraycopy(v, off, outv, o, n);
            return;
        }
        float m = 0;
        for (int k = 0; k < n; k++) {
            m = Math.max(m, Math.abs(v[off + k]));
        }
        if (m == 0f) {
            java.util.Arrays.fill(outv, o, o + n, 0f);
            return;
        }
        float step = m / bins;
        for (int k = 0; k < n; k++) {
            float s = v[off + k] / step;
            float q = sto ? (float) Math.floor(s + rng.nextFloat()) : (float) Math.rint(s);
            outv[o + k] = q * step;
        }
    }

    @Override
    public long pulseCount() {
        return cell.pulseCount() + pulses;
    }

    @Override
    public int outSize() {
        return out;
    }

    @Override
    public int inSize() {
        return in;
    }
}
