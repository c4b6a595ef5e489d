package io.analogcomposer.engine.analog.update;

import io.analogcomposer.engine.analog.io.AnalogMvm;
import io.analogcomposer.engine.backend.ComputeBackend;
import io.analogcomposer.engine.backend.JavaBackend;
import io.analogcomposer.engine.random.Rng;

/**
 * The Tiki-Taka tile: a fast pulsed tile A takes the gradient updates; after every {@code transfer_every} period a
 * column {@code j} of A is read through a one-hot forward MVM and written onto the slow tile C with the pulsed update
 * {@code C += lr_transfer · read(A e_j) e_j^T} (AIHWKit's {@code TransferRPUDevice::transfer}); the columns are
 * visited cyclically.
 */
public final class TransferTile implements AnalogUpdateTile {
    private static final ComputeBackend SERIAL = new JavaBackend(1);
    private final int out, in;
    private final TransferCompound par;
    private final PulsedTile fast, slow;
    private final AnalogMvm reader;
    private final Rng rng;
    private final float[] visible;
    private final float[] oneHot, read, negRead;
    private final float[] buffer; // TTv2's H [out, in], null for Tiki-Taka
    private long vectors; // AIHWKit's current_update_idx_: samples so far
    private int cursor;

    /** Creates both device tiles; A starts at 0. */
    public TransferTile(int out, int in, TransferCompound par, UpdateParameters update, Rng rng) {
        this.out = out;
        this.in = in;
        this.par = par;
        this.fast = new PulsedTile(out, in, par.unitCellDevices().get(0), update, rng.split(1));
        this.slow = new PulsedTile(out, in, par.unitCellDevices().get(1), par.transferUpdate(), rng.split(2));
        this.reader = new AnalogMvm(TransferCompound.transferRead(par.transferForward()), out, in, rng.split(3));
        this.rng = rng.split(4);
        this.visible = par.gamma() != 0 ? new float[out * in] : null;
        this.oneHot = new float[in];
        this.read = new float[out];
        this.negRead = new float[out];
        this.buffer = par.buffer() != null ? new float[out * in] : null;
        if (par.gamma() == 0) {
            fast.zeroHidden(); // fully hidden: A reads exactly 0 until written, as after AIHWKit's onSetWeights
        }
        refresh();
    }

    /** The hidden fast tile A. */
    public PulsedTile fastTile() {
        return fast;
    }

    /** The slow tile C. */
    public PulsedTile slowTile() {
        return slow;
    }

    @Override
    public float[] weights() {
        return visible != null ? visible : slow.weights();
    }

    /** C takes the weights (the last device carries the full significance), A is set to 0 (AIHWKit's onSetWeights). */
    @Override
    public void setWeights(float[] w) {
        slow.setWeights(w);
        if (par.gamma() == 0) {
            fast.zeroHidden(); // fully hidden: A is zeroed without write noise, as AIHWKit's onSetWeights
        } else {
            fast.setWeights(new float[out * in]);
        }
        refresh();
    }

    /**
     * AIHWKit's {@code TransferRPUDevice} per sample: the gradient is pulsed onto A at {@link TransferCompound#fastRate}
     * (a constant {@code fast_lr}, not the SGD rate), then the sample counter advances and every
     * {@link #transferPeriod} samples {@code n_reads_per_transfer} columns are transferred at
     * {@code transfer_lr} (times the SGD rate with {@code scale_transfer_lr}).
     */
    @Override
    public void update(float[] x, float[] d, int batch, double lr) {
        if (x.length < batch * in || d.length < batch * out) {
            throw new IllegalArgumentException("update needs x [" + batch + ", " + in + "] and d [" + batch + ", "
                    + out + "]");
        }
        double fastRate = TransferCompound.fastRate(par.fastLr(), par.scaleFastLr(), lr);
        long every = transferPeriod(par.transferEvery(), par.unitsInMbatch(), batch);
        double tlr = par.scaleTransferLr() ? par.transferLr() * lr : par.transferLr();
        if (buffer != null && par.gamma() > 0) {
            tlr *= par.gamma(); // BufferedTransfer's getTransferLR: times gamma_vec[from] / gamma_vec[to]
        }
        if (every <= 0) {
            fast.updateSamples(x, d, 0, batch, fastRate);
            vectors += batch;
        } else {
            for (int b = 0; b < batch; b++) {
                fast.updateSamples(x, d, b, b + 1, fastRate);
                vectors++;
                if (vectors % every == 0) {
                    transfer(tlr);
                }
            }
        }
        fast.finishBatch();
        refresh();
    }

    /**
     * Samples between transfers ({@code TransferRPUDevice::getTransferEvery}): {@code ceil(transfer_every · batch)}
     * with {@code units_in_mbatch}, else {@code round(transfer_every)}; 0 = never. The counter runs over samples, so
     * with {@code transfer_every 1} in mini-batches one column moves after the last sample of each mini-batch.
     */
    static long transferPeriod(double transferEvery, boolean unitsInMbatch, int batch) {
        if (unitsInMbatch) {
            return Math.max((long) Math.ceil((float) transferEvery * (float) batch), 0);
        }
        return Math.max(Math.round(transferEvery), 0);
    }

    /**
     * One transfer event ({@code TransferRPUDevice::transfer}): {@code n_reads_per_transfer} consecutive columns
     * (wrapping around) from the next column in turn, or from a random one with {@code random_selection}.
     */
    void transfer(double lr) {
        int n = Math.min(par.nReadsPerTransfer(), in);
        int start = par.randomSelection() ? rng.nextInt(in) : cursor;
        for (int r = 0; r < n; r++) {
            transferColumn((start + r) % in, lr);
        }
        cursor = (start + n) % in;
    }

    /** Reads column {@code j} of A and pulses it onto C. */
    private void transferColumn(int j, double lr) {
        oneHot[j] = 1f;
        reader.forward(fast.weights(), oneHot, 1, read, 1.0, rng, SERIAL);
        oneHot[j] = 0f;
        if (par.withResetProb() > 0 && rng.nextDouble() < par.withResetProb()) {
            fast.devices().resetColumns(j, 1, rng);
        }
        double writeLr = lr;
        if (buffer == null) {
            for (int i = 0; i < out; i++) {
                negRead[i] = -read[i]; // C -= lr d x^T with d = -A e_j adds the column
            }
        } else if (!buffered(j, lr)) {
            return;
        } else {
            writeLr = par.buffer().step() * slowDwMin();
        }
        oneHot[j] = 1f;
        slow.update(oneHot, negRead, 1, writeLr);
        oneHot[j] = 0f;
    }

    private double slowDwMin() {
        if (slow.devices() == null) {
            throw new IllegalArgumentException("buffered transfer needs a pulsed slow device, not ideal");
        }
        return slow.devices().dwMin();
    }

    /** TTv2: adds the read column into H and puts the whole units to write into negRead; false if none. */
    private boolean buffered(int j, double lr) {
        BufferedTransfer b = par.buffer();
        double gran = b.thresScale() * slowDwMin();
        double maxSteps = par.transferUpdate().desiredBl();
        double keep = 1 - b.momentum();
        boolean any = false;
        for (int i = 0; i < out; i++) {
            int k = i * in + j;
            double omega = buffer[k] + read[i] * Math.abs(lr);
            double n = Math.max(Math.min(omega > 0 ? Math.floor(omega / gran) : Math.ceil(omega / gran), maxSteps),
                    -maxSteps);
            if (n != 0) {
                buffer[k] = (float) (b.forgetBuffer() ? omega * b.momentum() : omega - keep * n * gran);
                any = true;
            } else {
                buffer[k] = (float) omega;
            }
            negRead[i] = (float) -n; // written as n pulses' worth of step * dw_min
        }
        return any;
    }

    /** TTv2's buffer H (live view), null for Tiki-Taka. */
    public float[] buffer() {
        return buffer;
    }

    private void refresh() {
        if (visible != null) {
            float g = (float) par.gamma();
            float[] a = fast.weights(), c = slow.weights();
            for (int k = 0; k < visible.length; k++) {
                visible[k] = g * a[k] + c[k];
            }
        }
    }

    @Override
    public long pulseCount() {
        return fast.pulseCount() + slow.pulseCount();
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
