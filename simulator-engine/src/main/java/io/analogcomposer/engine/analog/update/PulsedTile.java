package io.analogcomposer.engine.analog.update;

import io.analogcomposer.engine.analog.device.DeviceModel;
import io.analogcomposer.engine.analog.device.PulsedDeviceArray;
import io.analogcomposer.engine.analog.device.PulsedDeviceParameters;
import io.analogcomposer.engine.analog.device.PulseTarget;
import io.analogcomposer.engine.random.Rng;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The in-memory update of one crossbar of {@code out x in} pulsed devices: {@code W -= lr Σ_b d_b x_b^T} realised as
 * stochastic pulse trains, one sample at a time as in AIHWKit's C++ tile. For each sample the update settings give
 * BL and the probability scales; every x_j and d_i gets a train of BL independent bits; each device receives as many
 * pulses as its row and column trains coincide, in the direction {@code -sign(x_j d_i)}, and responds with its model
 * (state dependence, cycle-to-cycle noise, bounds).
 *
 * <p>
 * Randomness: trains are drawn from the tile's own generator in a fixed order (x then d, by index); the devices' pulse
 * noise from a second stream; so a seed fixes the whole training trajectory.
 */
public final class PulsedTile implements AnalogUpdateTile {
    private final int out, in;
    private final PulsedDeviceParameters device;
    private final UpdateParameters update;
    private final PulsedDeviceArray devices; // null for the ideal device and for compounds
    private final PulseTarget target; // what the coincidences pulse; null for the ideal device
    private final float[] idealWeights;
    private final Rng trainRng, pulseRng;
    private final double dwMin;
    private long pulses;

    // work buffers
    private long[] xBits = new long[0], dBits = new long[0], xPacked = new long[0];
    private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;
    private final int[] xIdx, dIdx;
    private int[] events = new int[0], counts = new int[0]; // a sample's coincidences: cross-point, signed pulses
    private double[] xFrac = new double[0];
    private long[] thresholds = new long[0];
    private int[] drawn = new int[0];
    private int[] shortThresholds = new int[0], shortBits = new int[0];
    private final boolean[] xNeg, dNeg;
    // which rows of weights() changed since clearChangedRows: the layer then copies only those into its weight
    // parameter (a full copy after every mini-batch was ~8 % of a pulsed SGD epoch of the MLP)
    private final boolean[] rowChanged;
    private boolean allRowsChanged = true;

    /** A tile with devices drawn from {@code rng}; all weights start at 0. */
    public PulsedTile(int outSize, int inSize, PulsedDeviceParameters device, UpdateParameters update, Rng rng) {
        if (outSize < 1 || inSize < 1) {
            throw new IllegalArgumentException("tile size must be >= 1x1, got " + outSize + "x" + inSize);
        }
        this.out = outSize;
        this.in = inSize;
        this.device = device;
        this.update = update;
        if (device.model() == DeviceModel.IDEAL) {
            devices = null;
            idealWeights = new float[out * in];
            dwMin = 0;
        } else {
            devices = PulsedDeviceArray.create(device, out, in, rng.split(0xDE1));
            idealWeights = null;
            dwMin = devices.parameters().dwMin();
        }
        this.target = devices;
        this.trainRng = rng.split(0x7A1);
        this.pulseRng = rng.split(0x9B5);
        this.xIdx = new int[in];
        this.dIdx = new int[out];
        this.xNeg = new boolean[in];
        this.dNeg = new boolean[out];
        this.rowChanged = new boolean[out];
    }

    /**
     * A tile whose coincidences drive {@code target} (a compound of devices, e.g. a one-sided pair); {@code device}
     * only documents the configuration.
     */
    public PulsedTile(int outSize, int inSize, PulseTarget target, PulsedDeviceParameters device,
            UpdateParameters update, Rng rng) {
        if (outSize < 1 || inSize < 1) {
            throw new IllegalArgumentException("tile size must be >= 1x1, got " + outSize + "x" + inSize);
        }
        this.out = outSize;
        this.in = inSize;
        this.device = device;
        this.update = update;
        this.devices = target instanceof PulsedDeviceArray a ? a : null;
        this.target = target;
        this.idealWeights = null;
        this.dwMin = target.dwMin();
        this.trainRng = rng.split(0x7A1);
        this.pulseRng = rng.split(0x9B5);
        this.xIdx = new int[in];
        this.dIdx = new int[out];
        this.xNeg = new boolean[in];
        this.dNeg = new boolean[out];
        this.rowChanged = new boolean[out];
    }

    @Override
    public int outSize() {
        return out;
    }

    @Override
    public int inSize() {
        return in;
    }

    @Override
    public void visitTrainingState(io.analogcomposer.engine.resume.StateRegistry registry) {
        allRowsChanged = true; // a resume may load any state
        if (target == null) {
            registry.floats("ideal_weights", idealWeights);
        } else if (target == devices) {
            devices.visitTrainingState(registry.within("devices."));
        } else {
            registry.unsupported("the " + target.getClass().getSimpleName() + " compound device");
        }
        registry.rng("train_rng", trainRng);
        registry.rng("pulse_rng", pulseRng);
        registry.scalar("pulses", () -> pulses, v -> pulses = v);
    }

    public UpdateParameters updateParameters() {
        return update;
    }

    public PulsedDeviceParameters deviceParameters() {
        return device;
    }

    /** The device array (null for the ideal device and for compounds). */
    public PulsedDeviceArray devices() {
        return devices;
    }

    /** The weights the MVMs see, row-major {@code [out, in]} (live view; do not modify). */
    @Override
    public float[] weights() {
        return target == null ? idealWeights : target.weights();
    }

    /** Programs the weights (clipped to each device's bounds). */
    @Override
    public void setWeights(float[] w) {
        if (w.length != out * in) {
            throw new IllegalArgumentException("expected " + out * in + " weights, got " + w.length);
        }
        allRowsChanged = true;
        if (target == null) {
            System.arraycopy(w, 0, idealWeights, 0, w.length);
        } else {
            target.setWeights(w, pulseRng);
        }
    }

    /**
     * Sets all weights to 0 as a fully hidden fast device is (see {@link PulsedDeviceArray#zeroWithoutWriteNoise}); other
     * targets are programmed to 0 as usual.
     */
    public void zeroHidden() {
        allRowsChanged = true;
        if (devices != null && devices == target) {
            devices.zeroWithoutWriteNoise();
        } else {
            setWeights(new float[out * in]);
        }
    }

    /** Total device pulses applied so far. */
    @Override
    public long pulseCount() {
        return pulses;
    }

    /**
     * Applies {@code W -= lr Σ_b d_b x_b^T} for {@code x [batch, in]} and {@code d [batch, out]} (row-major), sample by
     * sample; then per-batch decay/diffusion of the devices.
     */
    @Override
    public void update(float[] x, float[] d, int batch, double lr) {
        if (x.length < batch * in || d.length < batch * out) {
            throw new IllegalArgumentException("update needs x [" + batch + ", " + in + "] and d [" + batch + ", "
                    + out + "]");
        }
        updateSamples(x, d, 0, batch, lr);
        finishBatch();
    }

    /**
     * The pulses of samples {@code [from, to)} without the per-mini-batch device effects (compounds that interleave
     * per-sample work, e.g. transfers, call {@link #finishBatch} once per mini-batch).
     */
    void updateSamples(float[] x, float[] d, int from, int to, double lr) {
        if (!tracksRows()) {
            allRowsChanged = true;
        }
        for (int b = from; b < to; b++) {
            if (target != null) {
                target.startSample();
            }
            if (target == null) {
                exact(x, b * in, d, b * out, lr, idealWeights);
            } else if (update.pulseType() == PulseType.NONE) {
                direct(x, b * in, d, b * out, lr);
            } else if (update.pulseType() == PulseType.DETERMINISTIC_IMPLICIT) {
                deterministic(x, b * in, d, b * out, lr);
            } else {
                stochastic(x, b * in, d, b * out, lr);
            }
        }
    }

    /** Per-mini-batch device effects (decay, diffusion, refresh). */
    void finishBatch() {
        if (target != null) {
            target.afterUpdate(pulseRng);
        }
        if (target != null && (target != devices || devices.changesAllAfterUpdate())) {
            allRowsChanged = true;
        }
    }

    /**
     * Whether the pulses of {@link #updateSamples} change only the rows {@link #stochastic} marks: a plain device
     * array pulsed stochastically writes only its coincidences' devices; other targets and paths may write any.
     */
    private boolean tracksRows() {
        return devices != null && devices == target && update.pulseType() != PulseType.NONE
                && update.pulseType() != PulseType.DETERMINISTIC_IMPLICIT;
    }

    /** Whether any row of {@link #weights} may have changed since {@link #clearChangedRows} without being marked. */
    public boolean allRowsChanged() {
        return allRowsChanged;
    }

    /** Whether row {@code i} of {@link #weights} may have changed since {@link #clearChangedRows}. */
    public boolean rowChanged(int i) {
        return allRowsChanged || rowChanged[i];
    }

    /** Starts a new record of changed rows (the caller has copied the weights). */
    public void clearChangedRows() {
        java.util.Arrays.fill(rowChanged, false);
        allRowsChanged = false;
    }

    /** The mean step of one pulse (0 for the ideal device). */
    double dwMin() {
        return dwMin;
    }

    private void exact(float[] x, int xo, float[] d, int dOff, double lr, float[] w) {
        for (int i = 0; i < out; i++) {
            float a = (float) (-lr * d[dOff + i]);
            if (a == 0f) {
                continue;
            }
            int row = i * in;
            for (int j = 0; j < in; j++) {
                w[row + j] += a * x[xo + j];
            }
        }
    }

    private void direct(float[] x, int xo, float[] d, int dOff, double lr) {
        float[] delta = new float[out * in];
        exact(x, xo, d, dOff, lr, delta);
        target.addDirect(delta, pulseRng);
    }

    private void stochastic(float[] x, int xo, float[] d, int dOff, double lr) {
        double xMax = absMax(x, xo, in), dMax = absMax(d, dOff, out);
        UpdateParameters.Scales s = update.scales(lr, dwMin, xMax, dMax);
        int bl = s.bl();
        if (bl == 0) {
            return;
        }
        int words = (bl + 63) >>> 6;
        if (xBits.length < in * words) {
            xBits = new long[in * words];
        }
        if (dBits.length < out * words) {
            dBits = new long[out * words];
        }
        int nx = trains(x, xo, in, s.b(), bl, words, xBits, xIdx, xNeg);
        int nd = trains(d, dOff, out, s.a(), bl, words, dBits, dIdx, dNeg);
        if (nx == 0 || nd == 0) {
            return;
        }
        if (words == 1) {
            // the non-empty x trains side by side, for the vectorized coincidence test
            if (xPacked.length < nx) {
                xPacked = new long[in];
            }
            for (int r = 0; r < nx; r++) {
                xPacked[r] = xBits[xIdx[r]];
            }
        }
        // the sample's coincidences, rows in ascending order and columns ascending within a row, go to the target in
        // one call: a device array draws their noise in bulk (see PulseTarget.pulses)
        int m = 0;
        long count = 0;
        for (int q = 0; q < nd; q++) {
            int i = dIdx[q];
            int row = i * in;
            boolean dn = dNeg[i];
            int rowStart = m;
            if (events.length < m + nx) {
                events = java.util.Arrays.copyOf(events, Math.max(m + nx, 2 * events.length));
                counts = java.util.Arrays.copyOf(counts, events.length);
            }
            if (words == 1) {
                long db = dBits[i];
                LongVector dv = LongVector.broadcast(LONGS, db);
                int r = 0;
                // most pairs of trains do not meet: test a vector of them at once, then list the ones that do
                for (int upper = LONGS.loopBound(nx); r < upper; r += LONGS.length()) {
                    long met = LongVector.fromArray(LONGS, xPacked, r).and(dv).compare(VectorOperators.NE, 0L)
                            .toLong();
                    while (met != 0) {
                        int rr = r + Long.numberOfTrailingZeros(met);
                        met &= met - 1;
                        int j = xIdx[rr], n = Long.bitCount(db & xPacked[rr]);
                        events[m] = row + j;
                        // x d > 0 means a positive gradient: the pulse decreases the weight
                        counts[m++] = xNeg[j] == dn ? -n : n;
                        count += n;
                    }
                }
                for (; r < nx; r++) {
                    int n = Long.bitCount(db & xPacked[r]);
                    if (n != 0) {
                        int j = xIdx[r];
                        events[m] = row + j;
                        counts[m++] = xNeg[j] == dn ? -n : n;
                        count += n;
                    }
                }
            } else {
                for (int r = 0; r < nx; r++) {
                    int j = xIdx[r];
                    int n = 0;
                    for (int t = 0; t < words; t++) {
                        n += Long.bitCount(dBits[i * words + t] & xBits[j * words + t]);
                    }
                    if (n != 0) {
                        events[m] = row + j;
                        counts[m++] = xNeg[j] == dn ? -n : n;
                        count += n;
                    }
                }
            }
            if (m > rowStart) {
                rowChanged[i] = true;
            }
        }
        target.pulses(events, counts, m, pulseRng);
        pulses += count;
    }

    /**
     * AIHWKit's deterministic implicit pulses: the fractions {@code p_x = min(disc(B |x_j|), 1)} and
     * {@code p_d = min(disc(A |d_i|), 1)} ({@code disc} rounds to the resolution, half to even like C's
     * {@code rintf}) give {@code rint(BL p_d p_x)} pulses per device, with no randomness.
     */
    private void deterministic(float[] x, int xo, float[] d, int dOff, double lr) {
        double xMax = absMax(x, xo, in), dMax = absMax(d, dOff, out);
        UpdateParameters.Scales s = update.scales(lr, dwMin, xMax, dMax);
        int bl = s.bl();
        if (bl == 0) {
            return;
        }
        if (xFrac.length < in) {
            xFrac = new double[in];
        }
        for (int j = 0; j < in; j++) {
            xFrac[j] = implicitFraction(x[xo + j], s.b(), update.xResImplicit());
        }
        long count = 0;
        for (int i = 0; i < out; i++) {
            double pd = implicitFraction(d[dOff + i], s.a(), update.dResImplicit());
            if (pd == 0) {
                continue;
            }
            int row = i * in;
            for (int j = 0; j < in; j++) {
                int n = (int) Math.rint(bl * pd * xFrac[j]);
                if (n != 0) {
                    // a positive coincidence (x d > 0) lowers the weight
                    target.pulse(row + j, Math.abs(n), n > 0, pulseRng);
                    count += Math.abs(n);
                }
            }
        }
        pulses += count;
    }

    /** The signed fraction of the train of value {@code v} at scale {@code p}, discretized to {@code res}. */
    static double implicitFraction(float v, double p, double res) {
        double q = Math.abs(v) * p;
        if (res > 0) {
            q = Math.rint(q / res) * res;
        }
        q = Math.min(q, 1.0);
        return v >= 0 ? q : -q;
    }

    /**
     * Draws the BL-bit trains of {@code v}: each bit is set with probability {@code min(scale |v_k|, 1)}; returns the
     * number of non-empty trains, listed in {@code idx}.
     *
     * <p>
     * Trains of up to {@link #SHORT_TRAIN} bits: see {@link #shortTrains}. Longer ones take four bits per random word:
     * a bit is set when a 16-bit uniform is below a threshold {@code t = floor(65536 p + u)}
     * drawn once per train with its own uniform {@code u}, so {@code E[t] / 65536 = p} exactly and the expected
     * coincidence count {@code BL p_x p_d} is unbiased (x and d thresholds are independent). Trains of one word draw
     * all their thresholds first, then all their bits in one {@link Rng#bitsBelow(int, long[], int[], int, long[])}
     * loop.
     */
    private int trains(float[] v, int off, int n, double scale, int bl, int words, long[] bits, int[] idx,
            boolean[] neg) {
        if (words != 1) {
            return longTrains(v, off, n, scale, bl, words, bits, idx, neg);
        }
        if (bl <= SHORT_TRAIN) {
            return shortTrains(v, off, n, scale, bl, bits, idx, neg);
        }
        if (thresholds.length < n) {
            thresholds = new long[n];
            drawn = new int[n];
        }
        long full = bl == 64 ? -1L : (1L << bl) - 1;
        int m = 0;
        for (int k = 0; k < n; k++) {
            double p = Math.min(Math.abs(v[off + k]) * scale, 1.0);
            long thr = 0;
            if (p >= 1.0) {
                thr = 65536;
            } else if (p > 0) {
                thr = (long) (p * 65536.0 + trainRng.nextDouble()); // 0..65536, unbiased
                if (thr != 0) {
                    drawn[m++] = k;
                }
            }
            thresholds[k] = thr;
            bits[k] = thr == 65536 ? full : 0L;
        }
        trainRng.bitsBelow(bl, thresholds, drawn, m, bits);
        int nz = 0;
        for (int k = 0; k < n; k++) {
            if (bits[k] != 0) {
                idx[nz++] = k;
                neg[k] = v[off + k] < 0;
            }
        }
        return nz;
    }

    /**
     * Up to this BL, trains are drawn bit by bit for all elements at once ({@link Rng#bernoulliTrains}): half a draw
     * per bit beats a threshold draw plus a block of draws per train while trains are short, and update management
     * makes BL 1 to 2 the common case (the MLP's and LeNet5's hidden layers).
     */
    static final int SHORT_TRAIN = 8;

    /**
     * {@link #trains} of at most {@link #SHORT_TRAIN} bits: each bit is set when a 24-bit uniform is below
     * {@code round(2^24 p)}, {@code p = min(scale |v_k|, 1)}, independently per bit (the probability is {@code p} up
     * to 3e-8).
     */
    private int shortTrains(float[] v, int off, int n, double scale, int bl, long[] bits, int[] idx, boolean[] neg) {
        int padded = (n + Rng.TRAIN_BLOCK - 1) / Rng.TRAIN_BLOCK * Rng.TRAIN_BLOCK;
        if (shortThresholds.length < padded) {
            shortThresholds = new int[padded];
            shortBits = new int[padded];
        }
        for (int k = 0; k < n; k++) {
            double p = Math.min(Math.abs(v[off + k]) * scale, 1.0);
            shortThresholds[k] = (int) (p * 0x1.0p24 + 0.5);
        }
        java.util.Arrays.fill(shortThresholds, n, padded, 0);
        trainRng.bernoulliTrains(bl, shortThresholds, padded, shortBits);
        int nz = 0;
        for (int k = 0; k < n; k++) {
            int b = shortBits[k];
            bits[k] = b & 0xFFFFFFFFL;
            if (b != 0) {
                idx[nz++] = k;
                neg[k] = v[off + k] < 0;
            }
        }
        return nz;
    }

    /** {@link #trains} of several words each, one train at a time. */
    private int longTrains(float[] v, int off, int n, double scale, int bl, int words, long[] bits, int[] idx,
            boolean[] neg) {
        int nz = 0;
        for (int k = 0; k < n; k++) {
            float value = v[off + k];
            double p = Math.min(Math.abs(value) * scale, 1.0);
            if (p <= 0) {
                continue;
            }
            int base = k * words;
            long any = 0;
            if (p >= 1.0) {
                for (int t = 0; t < words; t++) {
                    int len = Math.min(64, bl - 64 * t);
                    long word = len == 64 ? -1L : (1L << len) - 1;
                    bits[base + t] = word;
                    any |= word;
                }
            } else {
                long thr = (long) (p * 65536.0 + trainRng.nextDouble()); // 0..65536, unbiased
                if (thr == 0) {
                    continue;
                }
                for (int t = 0; t < words; t++) {
                    // bit b: 16-bit field b % 4 of draw b / 4 below thr
                    long word = trainRng.bitsBelow(Math.min(64, bl - 64 * t), thr);
                    bits[base + t] = word;
                    any |= word;
                }
            }
            if (any != 0) {
                idx[nz++] = k;
                neg[k] = value < 0;
            }
        }
        return nz;
    }

    private static double absMax(float[] v, int off, int n) {
        float m = 0;
        for (int k = 0; k < n; k++) {
            m = Math.max(m, Math.abs(v[off + k]));
        }
        return m;
    }
}
