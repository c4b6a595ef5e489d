package io.analogcomposer.engine.analog.update;

import io.analogcomposer.engine.analog.device.DeviceModel;
import io.analogcomposer.engine.analog.io.AnalogMvm;
import io.analogcomposer.engine.backend.ComputeBackend;
import io.analogcomposer.engine.backend.JavaBackend;
import io.analogcomposer.engine.random.Rng;

/**
 * The c-TTv2 / AGAD tile (AIHWKit's {@code ChoppedTransferRPUDevice} and {@code DynamicTransferRPUDevice}, CPU
 * semantics). Per sample: the gradient is pulsed onto A with the choppers' signs ({@code x_j c_in[j]},
 * {@code d_i c_out[i]}; the pulse probabilities only see magnitudes, so this flips exactly the coincidences' sign);
 * every {@code transfer_every} samples (or mini-batches) column {@code j} (cyclic) of A is read through a one-hot
 * forward MVM, de-chopped and accumulated in the buffer H; elements with {@code |H| ≥ 1} write
 * {@code trunc(H)} units (at most the transfer BL) onto C. See {@link ChoppedTransferCompound} for the parameters.
 */
public final class ChoppedTransferTile implements AnalogUpdateTile {
    private static final ComputeBackend SERIAL = new JavaBackend(1);
    private final int out, in;
    private final ChoppedTransferCompound par;
    private final UpdateParameters update;
    private final PulsedTile fast, slow;
    private final AnalogMvm reader;
    private final Rng rng;
    private final float[] visible;
    private final float[] oneHot, read, negRead, xs, ds;
    private final float[] buffer; // H [out, in]
    private final boolean[] inChop, outChop;
    private final float[] runningMean, pastMean; // AGAD only
    private final boolean[] switched; // AGAD only
    private final double dwFast, dwSlow;
    private double mx, md, countLr;
    private long batches, vectors, transferCounter;
    private int cursor;

    /** Creates both device tiles; A and H start at 0, every chopper at +1. */
    public ChoppedTransferTile(int out, int in, ChoppedTransferCompound par, UpdateParameters update, Rng rng) {
        if (par.unitCellDevices().stream().anyMatch(d -> d.model() == DeviceModel.IDEAL)) {
            throw new IllegalArgumentException((par.dynamic() == null ? "chopped_transfer" : "dynamic_transfer")
                    + " needs pulsed unit_cell_devices (its buffer counts in units of dw_min), not ideal ones");
        }
        this.out = out;
        this.in = in;
        this.par = par;
        this.update = update;
        this.fast = new PulsedTile(out, in, par.unitCellDevices().get(0), update, rng.split(1));
        this.slow = new PulsedTile(out, in, par.unitCellDevices().get(1), par.transferUpdate(), rng.split(2));
        this.reader = new AnalogMvm(TransferCompound.transferRead(par.transferForward()), out, in, rng.split(3));
        this.rng = rng.split(4);
        this.visible = par.gamma() != 0 ? new float[out * in] : null;
        this.oneHot = new float[in];
        this.read = new float[out];
        this.negRead = new float[out];
        this.xs = new float[in];
        this.ds = new float[out];
        this.buffer = new float[out * in];
        this.inChop = new boolean[in];
        this.outChop = new boolean[out];
        boolean agad = par.dynamic() != null;
        this.runningMean = agad ? new float[out * in] : null;
        this.pastMean = agad ? new float[out * in] : null;
        this.switched = agad ? new boolean[in] : null;
        this.dwFast = fast.dwMin();
        this.dwSlow = slow.dwMin();
        if (par.gamma() == 0) {
            fast.zeroHidden(); // fully hidden: A reads exactly 0 until written, as after AIHWKit's onSetWeights
        }
        refresh();
    }

    /** The hidden fast tile A (it holds the chopped accumulation). */
    public PulsedTile fastTile() {
        return fast;
    }

    /** The slow tile C. */
    public PulsedTile slowTile() {
        return slow;
    }

    /** The buffer H {@code [out, in]} in units of the write threshold (live view). */
    public float[] buffer() {
        return buffer;
    }

    /** Whether input {@code j}'s chopper is negative. */
    public boolean inChopper(int j) {
        return inChop[j];
    }

    /** Full passes over the columns so far. */
    public long transferCounter() {
        return transferCounter;
    }

    /** AGAD's reference {@code mu} of element {@code k} (the running mean frozen at the last switch); 0 for c-TTv2. */
    public float reference(int k) {
        return pastMean == null ? 0f : pastMean[k];
    }

    @Override
    public float[] weights() {
        return visible != null ? visible : slow.weights();
    }

    /** C takes the weights, A and the buffer are cleared (AIHWKit's onSetWeights). */
    @Override
    public void setWeights(float[] w) {
        slow.setWeights(w);
        if (par.gamma() == 0) {
            fast.zeroHidden(); // fully hidden: A is zeroed without write noise, as AIHWKit's onSetWeights
        } else {
            fast.setWeights(new float[out * in]);
        }
        java.util.Arrays.fill(buffer, 0f);
        refresh();
    }

    @Override
    public void update(float[] x, float[] d, int batch, double lr) {
        if (x.length < batch * in || d.length < batch * out) {
            throw new IllegalArgumentException("update needs x [" + batch + ", " + in + "] and d [" + batch + ", "
                    + out + "]");
        }
        long every = Math.max(1, Math.round(par.transferEvery()));
        double tlr = par.scaleTransferLr() ? par.transferLr() * lr : par.transferLr();
        for (int b = 0; b < batch; b++) {
            countLr = pulseCountLr(x, b * in, d, b * out, batch, lr);
            for (int j = 0; j < in; j++) {
                float v = x[b * in + j];
                xs[j] = inChop[j] ? -v : v;
            }
            for (int i = 0; i < out; i++) {
                float v = d[b * out + i];
                ds[i] = outChop[i] ? -v : v;
            }
            fast.updateSamples(xs, ds, 0, 1, countLr);
            vectors++;
            if (!par.unitsInMbatch() && vectors % every == 0) {
                transfer(tlr);
            }
        }
        fast.finishBatch();
        batches++;
        if (par.unitsInMbatch() && batches % every == 0) {
            transfer(tlr);
        }
        refresh();
    }

    /** The learning rate of the pulses onto A for one sample ({@code getPulseCountLearningRate}). */
    private double pulseCountLr(float[] x, int xo, float[] d, int dOff, int batch, double lr) {
        if (par.autoScale()) {
            mx = runningAbsMax(mx, absMax(x, xo, in), batch);
            md = runningAbsMax(md, absMax(d, dOff, out), batch);
            if (par.fastLr() > 0) {
                double c = par.fastLr() * update.desiredBl() * dwFast;
                if (mx > 0 && md > 0) {
                    c /= mx * md;
                }
                return par.scaleFastLr() ? c * lr : c;
            }
        }
        return TransferCompound.fastRate(par.fastLr(), par.scaleFastLr(), lr);
    }

    /** AIHWKit's {@code updateAutoScale}: the first value seeds it, then an average with {@code tau = (1-mom)/batch}. */
    private double runningAbsMax(double m, double v, int batch) {
        if (m <= 0) {
            return v;
        }
        if (v <= 0) {
            return m;
        }
        double tau = (1 - par.autoMomentum()) / batch;
        return (1 - tau) * m + tau * v;
    }

    /** The buffer's unit in weight units of A: {@code buffer_granularity · dw_min_A} (times the auto factor). */
    double bufferGranularity() {
        double bg = par.bufferGranularity() > 0 ? par.bufferGranularity() : 1.0;
        if (par.autoGranularity() > 0) {
            return bg * dwFast * par.autoGranularity() / (in * Math.abs(par.transferEvery()));
        }
        return bg * dwFast;
    }

    /** Reads the next column, accumulates it in the buffer and writes the whole units onto C. */
    void transfer(double lr) {
        if (lr == 0) {
            return;
        }
        int j = cursor;
        cursor = (cursor + 1) % in;
        oneHot[j] = 1f;
        reader.forward(fast.weights(), oneHot, 1, read, 1.0, rng, SERIAL);
        oneHot[j] = 0f;
        double bg = bufferGranularity();
        double lrScale = par.correctGradientMagnitudes()
                ? Math.abs(lr) / countLr / (bg * dwSlow / dwFast)
                : Math.abs(lr) / bg;
        boolean any = par.dynamic() == null ? accumulateChopped(j, lrScale) : accumulateDynamic(j, lrScale);
        if (any && (par.dynamic() == null || transferCounter > par.inChopSamples())) {
            oneHot[j] = 1f;
            slow.updateSamples(oneHot, negRead, 0, 1, par.step() * dwSlow);
            slow.finishBatch();
            oneHot[j] = 0f;
        }
        if (par.dynamic() == null) {
            switchChoppers(j);
        } else {
            switchDynamic(j);
        }
        if (j == in - 1) {
            transferCounter++; // one full pass over the matrix
        }
    }

    /** c-TTv2: {@code H += ±read · lr_scale} (sign of the choppers), whole units leave H. */
    private boolean accumulateChopped(int j, double lrScale) {
        double maxSteps = par.transferUpdate().desiredBl();
        boolean any = false;
        for (int i = 0; i < out; i++) {
            int k = i * in + j;
            double omega = par.noBuffer() ? 0 : buffer[k];
            double val = read[i] * lrScale;
            omega += inChop[j] != outChop[i] ? -val : val;
            double n = 0;
            if (Math.abs(omega) >= 1) {
                n = writeUnits(omega, maxSteps);
                omega = par.forgetBuffer() ? omega * par.momentum() : omega - (1 - par.momentum()) * n;
                any = true;
            }
            buffer[k] = (float) omega;
            negRead[i] = (float) -n; // C -= lr d x^T with d = -n adds n units
        }
        return any;
    }

    /**
     * AGAD: the buffer integrates {@code ±(read - mu) · lr_scale}, where {@code mu} is the running mean of the reads
     * frozen when the column's chopper last switched; the running mean follows each read with momentum
     * {@code min(tail_weightening / n, 1)}.
     */
    private boolean accumulateDynamic(int j, double lrScale) {
        ChoppedTransferCompound.DynamicTransfer dyn = par.dynamic();
        int nSamples = par.inChopSamples();
        long currentSample = transferCounter % nSamples + 1;
        double sampleMomentum = Math.min(dyn.tailWeightening() / nSamples, 1.0);
        boolean previouslySwitched = switched[j];
        switched[j] = false;
        if (dyn.correctAccumulation()) {
            lrScale /= Math.min(currentSample, 1.0 / dwFast);
        }
        double maxSteps = par.transferUpdate().desiredBl();
        double cap = maxSteps * dyn.bufferCap();
        boolean any = false;
        for (int i = 0; i < out; i++) {
            int k = i * in + j;
            double val = read[i];
            double omega = buffer[k];
            double mu = pastMean[k];
            if (previouslySwitched) {
                mu = runningMean[k]; // a new chopper phase starts from the current estimate
                pastMean[k] = (float) mu;
            }
            double dw = val - mu;
            omega += (inChop[j] != outChop[i] ? -dw : dw) * lrScale;
            double n = 0;
            if (Math.abs(omega) >= 1) {
                n = writeUnits(omega, maxSteps);
                if (par.forgetBuffer()) {
                    omega *= par.momentum();
                } else {
                    omega -= (1 - par.momentum()) * n;
                    if (cap > 0) {
                        omega = Math.max(Math.min(omega, cap), -cap);
                    }
                }
                any = true;
            }
            buffer[k] = (float) omega;
            negRead[i] = (float) -n;
            runningMean[k] = (float) (runningMean[k] * (1 - sampleMomentum) + val * sampleMomentum);
        }
        return any;
    }

    private static double writeUnits(double omega, double maxSteps) {
        double t = omega > 0 ? Math.floor(omega) : Math.ceil(omega);
        return Math.max(Math.min(t, maxSteps), -maxSteps);
    }

    private void switchChoppers(int j) {
        if (par.inChopProb() > 0) {
            if (par.inChopRandom()) {
                if (rng.nextDouble() < par.inChopProb()) {
                    inChop[j] = !inChop[j];
                }
            } else if (transferCounter % par.inChopSamples() + 1 == par.inChopSamples()) {
                inChop[j] = !inChop[j];
            }
        }
        if (j == in - 1 && par.outChopProb() > 0) {
            for (int i = 0; i < out; i++) {
                if (rng.nextDouble() < par.outChopProb()) {
                    outChop[i] = !outChop[i];
                }
            }
        }
    }

    /** AGAD switches regularly at the end of each period of n passes (or at random with in_chop_random). */
    private void switchDynamic(int j) {
        boolean sw = transferCounter % par.inChopSamples() + 1 == par.inChopSamples();
        if (par.inChopRandom() && rng.nextDouble() < par.inChopProb()) {
            sw = true;
        }
        if (sw) {
            inChop[j] = !inChop[j];
            switched[j] = true;
        }
    }

    private void refresh() {
        if (visible != null) {
            // A holds the chopped accumulation: de-chop it where it enters the visible weight
            float g = (float) par.gamma();
            float[] a = fast.weights(), c = slow.weights();
            for (int i = 0; i < out; i++) {
                for (int j = 0; j < in; j++) {
                    int k = i * in + j;
                    float s = inChop[j] != outChop[i] ? -g : g;
                    visible[k] = s * a[k] + c[k];
                }
            }
        }
    }

    private static double absMax(float[] v, int off, int n) {
        float m = 0;
        for (int k = 0; k < n; k++) {
            m = Math.max(m, Math.abs(v[off + k]));
        }
        return m;
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
