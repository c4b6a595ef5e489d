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
    private long batches, vectors;
    private int cursor;

    /** Creates both device tiles; A starts at 0. */
    public TransferTile(int out, int in, TransferCompound par, UpdateParameters update, Rng rng) {
        this.out = out;
        this.in = in;
        this.par = par;
        this.fast = new PulsedTile(out, in, par.unitCellDevices().get(0), update, rng.split(1));
        this.slow = new PulsedTile(out, in, par.unitCellDevices().get(1), par.transferUpdate(), rng.split(2));
        this.reader = new AnalogMvm(par.transferForward(), out, in, rng.split(3));
        this.rng = rng.split(4);
        this.visible = par.gamma() != 0 ? new float[out * in] : null;
        this.oneHot = new float[in];
        this.read = new float[out];
        this.negRead = new float[out];
        this.buffer = par.buffer() != null ? new float[out * in] : null;
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
        fast.setWeights(new float[out * in]);
        refresh();
    }

    @Override
    public void update(float[] x, float[] d, int batch, double lr) {
        fast.update(x, d, batch, par.scaleFastLr() ? par.fastLr() * lr : par.fastLr());
        long before = par.unitsInMbatch() ? batches : vectors;
        batches++;
        vectors += batch;
        long after = par.unitsInMbatch() ? batches : vectors;
        long every = Math.max(1, Math.round(par.transferEvery()));
        if (par.transferEvery() > 0) {
            long events = after / every - before / every;
            double tlr = par.scaleTransferLr() ? par.transferLr() * lr : par.transferLr();
            for (long e = 0; e < events; e++) {
                for (int r = 0; r < par.nReadsPerTransfer(); r++) {
                    transferColumn(tlr);
                }
            }
        }
        refresh();
    }

    /** Reads one column of A and pulses it onto C. */
    void transferColumn(double lr) {
        int j = par.randomSelection() ? rng.nextInt(in) : cursor;
        cursor = (cursor + 1) % in;
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
