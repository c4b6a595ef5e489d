package io.analogcomposer.engine.analog.device;

import io.analogcomposer.engine.analog.util.Gaussian;
import io.analogcomposer.engine.analog.util.VectorGaussian;
import io.analogcomposer.engine.random.Rng;

/**
 * A {@code rows x cols} array of pulsed devices (row-major, row = output/d index, column = input/x index) with their
 * device-to-device variations drawn once at construction (AIHWKit's {@code PulsedRPUDevice::populate}), and the
 * per-pulse response with cycle-to-cycle noise of the concrete model.
 *
 * <p>
 * State: {@link #state()} is the device's persistent weight; {@link #weights()} is what the MVMs see, which differs only
 * with write noise ({@code + write_noise_std dw_min ξ}, redrawn whenever the device is written) or a subtracted
 * reference. Pulse sign convention (AIHWKit's): a pulse with {@code down = true} is a coincidence of {@code x d > 0}
 * and decreases the weight, as the SGD step {@code w -= lr d x} requires.
 *
 * <p>
 * Not thread-safe; each device draws its noise from the generator passed in, so results depend only on the seeds and
 * on the order of calls.
 */
public abstract class PulsedDeviceArray implements PulseTarget {
    protected final PulsedDeviceParameters par;
    protected final int rows, cols, size;
    protected final float[] w;
    protected final float[] visible;
    /**
     * Each device's drawn bounds and step scales side by side ({@code cell[k * stride + MAX | MIN | UP | DOWN]}), then
     * a model's own per-device values from {@link #OWN}: a pulse reads one cache line of them instead of one per
     * quantity (a sample pulses a scattered percent of the devices, so every quantity in its own array was a cache
     * miss of its own).
     */
    protected final float[] cell;
    /** Floats per device in {@link #cell}. */
    protected final int stride;
    protected static final int MAX = 0, MIN = 1, UP = 2, DOWN = 3, OWN = 4;
    protected final float[] resetBias, decayScale, diffusionRate;
    protected final float[] reference;
    protected final float dwMinStd;
    private final float writeNoise;
    private final boolean decays, diffuses;
    /**
     * Standard normal values for {@link #pulses}, {@code [poolNext, poolEnd)} unused: one per pulsed cross-point, and
     * one more for its write noise. Emptied at each mini-batch's end ({@link #afterUpdate}), so that the generator's
     * position alone is the state a resumed session continues from.
     */
    private float[] normals = new float[0];
    private int poolNext, poolEnd;

    /** Draws the device-to-device variations of the common pulsed-device parameters from {@code rng}. */
    protected PulsedDeviceArray(PulsedDeviceParameters p, int rows, int cols, Rng rng) {
        this(p, rows, cols, 0, rng);
    }

    /** As above, with {@code own} more floats per device in {@link #cell} for the model (at most 4). */
    protected PulsedDeviceArray(PulsedDeviceParameters p, int rows, int cols, int own, Rng rng) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("device array must be at least 1x1, got " + rows + "x" + cols);
        }
        this.par = p;
        this.rows = rows;
        this.cols = cols;
        this.size = rows * cols;
        this.w = new float[size];
        if (own < 0 || own > 4) {
            throw new IllegalArgumentException("a model keeps 0 to 4 own floats per device, got " + own);
        }
        this.stride = own == 0 ? 4 : 8; // a power of two: a device's cell never straddles two cache lines
        this.cell = new float[size * stride];
        this.resetBias = new float[size];
        this.decayScale = new float[size];
        this.diffusionRate = new float[size];
        this.dwMinStd = (float) p.dwMinStd();
        this.writeNoise = (float) (p.writeNoiseStd() * p.dwMin());
        double upBias = p.upDown() > 0 ? 0 : p.upDown();
        double downBias = p.upDown() > 0 ? -p.upDown() : 0;
        for (int k = 0; k < size; k++) {
            double max = p.wMax() * (1 + p.wMaxDtod() * Gaussian.next(rng));
            double min = p.wMin() * (1 + p.wMinDtod() * Gaussian.next(rng));
            double gain = p.dwMinDtodLogNormal()
                    ? Math.exp(p.dwMinDtod() * Gaussian.next(rng))
                    : 1 + p.dwMinDtod() * Gaussian.next(rng);
            double r = p.upDownDtod() * Gaussian.next(rng);
            double up = (upBias + gain + r) * p.dwMin();
            double down = (downBias + gain - r) * p.dwMin();
            if (p.enforceConsistency()) {
                // a negative drawn step or crossed bounds is unphysical: mirror them as AIHWKit does
                up = Math.abs(up);
                down = Math.abs(down);
                if (min > max) {
                    double t = min;
                    min = max;
                    max = t;
                }
                max = Math.abs(max);
                min = -Math.abs(min);
            } else if (min > max) {
                double m = max + (min - max) / 2; // "turned off" device: both bounds at the midpoint
                max = m;
                min = m;
            }
            if (p.corruptDevicesProb() > 0 && rng.nextDouble() < p.corruptDevicesProb()) {
                double lo = Math.max(Math.min(max, min), -Math.abs(p.corruptDevicesRange()));
                double hi = Math.min(Math.max(max, min), Math.abs(p.corruptDevicesRange()));
                double v = lo + (hi - lo) * rng.nextDouble();
                max = v;
                min = v;
                up = 0;
                down = 0;
            }
            int c = k * stride;
            cell[c + MAX] = (float) max;
            cell[c + MIN] = (float) min;
            cell[c + UP] = (float) up;
            cell[c + DOWN] = (float) down;
            diffusionRate[k] = (float) Math.abs(p.diffusion() * (1 + p.diffusionDtod() * Gaussian.next(rng)));
            resetBias[k] = (float) (p.reset() + p.resetDtod() * Gaussian.next(rng));
            if (p.lifetime() > 0) {
                double t = p.lifetime() * (1 + p.lifetimeDtod() * Gaussian.next(rng));
                decayScale[k] = t > 1 ? (float) (1 - 1 / t) : 0f;
            } else {
                decayScale[k] = 1f;
            }
        }
        this.decays = p.lifetime() > 0;
        this.diffuses = p.diffusion() > 0;
        this.reference = needsReference(p) ? new float[size] : null;
        this.visible = writeNoise > 0 || reference != null ? new float[size] : w;
    }

    private static boolean needsReference(PulsedDeviceParameters p) {
        return p.model() == DeviceModel.SOFT_BOUNDS_REFERENCE
                && (p.subtractSymmetryPoint() || p.referenceMean() != 0 || p.referenceStd() > 0);
    }

    /**
     * Creates the array for {@code p.model()}; the device-to-device draws come from {@code new Rng(construction_seed)}
     * when that seed is non-zero, else from {@code rng}. All weights start at 0 (then {@link #setWeights}).
     */
    public static PulsedDeviceArray create(PulsedDeviceParameters p, int rows, int cols, Rng rng) {
        PulsedDeviceParameters e = p.effective();
        Rng r = e.constructionSeed() != 0 ? new Rng(e.constructionSeed()) : rng;
        PulsedDeviceArray a = switch (e.model()) {
            case CONSTANT_STEP -> new ConstantStepArray(e, rows, cols, r);
            case LINEAR_STEP, SOFT_BOUNDS, SOFT_BOUNDS_REFERENCE -> new LinearStepArray(e, rows, cols, r);
            case EXP_STEP -> new ExpStepArray(e, rows, cols, r);
            case POW_STEP -> new PowStepArray(e, rows, cols, r);
            case PIECEWISE_STEP -> new PiecewiseStepArray(e, rows, cols, r);
            case IDEAL -> throw new IllegalArgumentException(
                    "device.type 'ideal' has no pulsed response; the tile applies ideal updates exactly");
            case SOFT_BOUNDS_PMAX -> throw new IllegalStateException("soft_bounds_pmax is converted by effective()");
        };
        a.initReference(r);
        a.setWeights(new float[a.size], r);
        return a;
    }

    private void initReference(Rng rng) {
        if (reference == null) {
            return;
        }
        for (int k = 0; k < size; k++) {
            double base = par.subtractSymmetryPoint() ? symmetryPoint(k) : par.referenceMean();
            reference[k] = (float) (base + par.referenceStd() * Gaussian.next(rng));
        }
    }

    /**
     * The weight where an up and a down pulse cancel on average (for models whose step depends on the state);
     * bisection on the mean up-minus-down step between the device's bounds.
     */
    public double symmetryPoint(int k) {
        double lo = minBound(k), hi = maxBound(k);
        double flo = expectedStep(lo, k, false) - expectedStep(lo, k, true);
        if (flo <= 0 || expectedStep(hi, k, false) - expectedStep(hi, k, true) >= 0) {
            return 0.5 * (lo + hi); // no crossing: constant-step-like device
        }
        for (int it = 0; it < 60; it++) {
            double mid = 0.5 * (lo + hi);
            if (expectedStep(mid, k, false) - expectedStep(mid, k, true) > 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /**
     * The noiseless magnitude of one pulse's change at state {@code x} for device {@code k} (before clipping to the
     * bounds): the model's response function.
     */
    public abstract double expectedStep(double x, int k, boolean down);

    /** One pulse on device {@code k} at state {@code x} with cycle-to-cycle noise, clipped to the device bounds. */
    protected abstract float step(float x, int k, boolean down, Rng rng);

    /**
     * Applies {@code n} pulses in one direction to device {@code k} (each from the state the previous one left). Trains
     * of {@link #TRAIN_FROM} or more pulses go to {@link #train}, which models may draw as one sum.
     */
    @Override
    public final void pulse(int k, int n, boolean down, Rng rng) {
        w[k] = n >= TRAIN_FROM ? train(w[k], k, n, down, rng) : steps(w[k], k, n, down, rng);
        refreshVisible(k, rng);
    }

    /**
     * A sample's pulses ({@link PulseTarget#pulses}). Models that draw a train from one standard normal value
     * ({@link #drawsTrains}) get all of the sample's values from one bulk {@link VectorGaussian} fill, a fraction of
     * a nanosecond each instead of a scalar draw per pulse; {@link #drawn} turns each value into the device's new
     * state, pulse by pulse from its own scalar draws wherever the train could touch a bound. The noise stays the sum
     * of one independent cycle-to-cycle draw per pulse: a single pulse uses its value as its draw, a longer train as
     * the normalised sum of its draws (the sum of normal values is normal).
     */
    @Override
    public final void pulses(int[] k, int[] n, int m, Rng rng) {
        if (!drawsTrains()) {
            PulseTarget.super.pulses(k, n, m, rng);
            return;
        }
        if (m <= 0) {
            return;
        }
        int need = visible != w && writeNoise > 0 ? 2 * m : m;
        if (poolEnd - poolNext < need) {
            refillPool(need, rng);
        }
        float[] z = normals;
        int at = poolNext, writeAt = poolNext + m;
        for (int e = 0; e < m; e++) {
            int kk = k[e], c = n[e];
            float y = c < 0 ? drawn(w[kk], kk, -c, true, z[at], rng) : drawn(w[kk], kk, c, false, z[at], rng);
            at++;
            w[kk] = y;
            if (visible != w) {
                // only the last pulse's write noise survives: one value per written device (as refreshVisible)
                float v = reference == null ? y : y - reference[kk];
                visible[kk] = writeNoise > 0 ? v + writeNoise * z[writeAt++] : v;
            }
        }
        poolNext = writeAt;
    }

    /**
     * Draws a new pool of at least {@code need} standard normal values in one {@link VectorGaussian} fill (its 16
     * generators are seeded per fill: a few hundred nanoseconds, more than a conv kernel's sample of a few dozen
     * pulses costs, so samples share a fill). Values left over are discarded.
     */
    private void refillPool(int need, Rng rng) {
        int len = Math.max(need, POOL);
        if (normals.length < len) {
            normals = new float[len];
        }
        VectorGaussian.fill(rng, normals, 0, len);
        poolNext = 0;
        poolEnd = len;
    }

    /** Normal values drawn per {@link #refillPool} at least. */
    static final int POOL = 2048;

    /** Whether the model overrides {@link #drawn} (draws its trains from one normal value). */
    protected boolean drawsTrains() {
        return false;
    }

    /**
     * The state after {@code n} pulses from {@code x} given {@code xi}, one standard normal value drawn for this
     * train (unused by models that do not {@link #drawsTrains}); {@code rng} serves a pulse-by-pulse fallback.
     */
    protected float drawn(float x, int k, int n, boolean down, double xi, Rng rng) {
        return n >= TRAIN_FROM ? train(x, k, n, down, rng) : steps(x, k, n, down, rng);
    }

    /**
     * From this many pulses on, a train is drawn as a whole where the model can: the pulse-by-pulse loop costs one
     * normal draw per pulse, which dominates in-memory training (Tiki-Taka's fast tile takes up to BL pulses per
     * device and sample).
     */
    static final int TRAIN_FROM = 3;

    /**
     * How many standard deviations of a train's noise must fit between its path and the bounds before it is drawn as
     * one sum: the chance that such a train would have touched a bound on the way is below 1e-11 (twice the normal tail
     * beyond 7 by the reflection principle), so the clipping it skips is never seen.
     */
    static final double BOUND_MARGIN_SIGMAS = 7.0;

    /** {@code n} pulses one by one, each with its own cycle-to-cycle draw and clipped to the bounds (AIHWKit's loop). */
    protected final float steps(float x, int k, int n, boolean down, Rng rng) {
        for (int i = 0; i < n; i++) {
            x = step(x, k, down, rng);
        }
        return x;
    }

    /**
     * The state after a train of {@code n} pulses. The default applies them one by one; models whose pulses are
     * affine in the state with additive normal noise override this with the exact distribution of the sum.
     */
    protected float train(float x, int k, int n, boolean down, Rng rng) {
        return steps(x, k, n, down, rng);
    }

    /**
     * Whether a train from {@code x} whose mean ends at {@code mean}, with at most {@code stepNoise} noise per pulse,
     * stays {@link #BOUND_MARGIN_SIGMAS} standard deviations of the whole train inside device {@code k}'s bounds.
     */
    protected final boolean clearOfBounds(double x, double mean, double stepNoise, int n, int k) {
        double margin = BOUND_MARGIN_SIGMAS * stepNoise * Math.sqrt(n);
        return Math.min(x, mean) - margin >= minBound(k) && Math.max(x, mean) + margin <= maxBound(k);
    }

    /** {@code c^n} by squaring (trains are short, and {@code Math.pow} costs more than the pulses it replaces). */
    protected static double power(double c, int n) {
        double r = 1, b = c;
        for (int e = n; e > 0; e >>>= 1) {
            if ((e & 1) != 0) {
                r *= b;
            }
            b *= b;
        }
        return r;
    }

    private void refreshVisible(int k, Rng rng) {
        if (visible != w) {
            // only the last pulse's write noise survives, so one draw per written device has the same distribution
            float v = reference == null ? w[k] : w[k] - reference[k];
            visible[k] = writeNoise > 0 ? v + writeNoise * (float) Gaussian.next(rng) : v;
        }
    }

    /** Programs the devices to {@code target} (clipped to each device's bounds; write noise applies). */
    @Override
    public void setWeights(float[] target, Rng rng) {
        if (target.length != size) {
            throw new IllegalArgumentException("expected " + size + " weights, got " + target.length);
        }
        for (int k = 0; k < size; k++) {
            float t = reference == null ? target[k] : target[k] + reference[k];
            w[k] = Math.max(minBound(k), Math.min(maxBound(k), t));
            refreshVisible(k, rng);
        }
    }

    /**
     * Sets every device to weight 0 and lets the MVMs see exactly 0, without write noise: what AIHWKit's fully hidden
     * transfer compound does to its fast device when weights are set ({@code TransferRPUDevice::onSetWeights} zeroes
     * the device's weight array without calling the device's own {@code onSetWeights}, so no write noise is drawn
     * until a pulse writes the device).
     */
    public void zeroWithoutWriteNoise() {
        for (int k = 0; k < size; k++) {
            float t = reference == null ? 0f : reference[k];
            w[k] = Math.max(minBound(k), Math.min(maxBound(k), t));
            if (visible != w) {
                visible[k] = 0f;
            }
        }
    }

    /**
     * Adds {@code delta} directly to the device states (pulse type {@code none}: an exact update still limited by each
     * device's bounds).
     */
    @Override
    public void addDirect(float[] delta, Rng rng) {
        for (int k = 0; k < size; k++) {
            if (delta[k] != 0f) {
                w[k] = clip(w[k] + delta[k], k);
                refreshVisible(k, rng);
            }
        }
    }

    /** Resets columns {@code [start, start + n)}: {@code w = reset_bias + reset_std ξ} (AIHWKit's resetCols). */
    public void resetColumns(int start, int n, Rng rng) {
        for (int i = 0; i < rows; i++) {
            for (int j = start; j < start + n; j++) {
                int k = i * cols + j;
                w[k] = Math.max(minBound(k),
                        Math.min(maxBound(k), resetBias[k] + (float) (par.resetStd() * Gaussian.next(rng))));
                refreshVisible(k, rng);
            }
        }
    }

    /** Whether {@link #afterUpdate} writes every device (decay or diffusion configured), not only empties the pool. */
    public boolean changesAllAfterUpdate() {
        return decays || diffuses;
    }

    /** Decay towards the reset value and diffusion, applied once per mini-batch update when configured. */
    @Override
    public void afterUpdate(Rng rng) {
        poolNext = 0;
        poolEnd = 0;
        if (!decays && !diffuses) {
            return;
        }
        for (int k = 0; k < size; k++) {
            float x = w[k];
            if (decays) {
                x = (x - resetBias[k]) * decayScale[k] + resetBias[k];
            }
            if (diffuses) {
                x += diffusionRate[k] * (float) Gaussian.next(rng);
            }
            w[k] = Math.max(minBound(k), Math.min(maxBound(k), x));
            refreshVisible(k, rng);
        }
    }

    /** The weights the MVMs see, row-major {@code [rows, cols]} (live view; do not modify). */
    @Override
    public float[] weights() {
        return visible;
    }

    /** What pulses change: each device's persistent state and what the MVMs see of it. */
    public void visitTrainingState(io.analogcomposer.engine.resume.StateRegistry registry) {
        registry.floats("w", w);
        registry.floats("visible", visible);
    }

    /** The devices' persistent state (live view; do not modify). */
    public float[] state() {
        return w;
    }

    @Override
    public double dwMin() {
        return par.dwMin();
    }

    /** Resets device {@code k}: {@code w = reset_bias + reset_std ξ}. */
    public void resetAt(int k, Rng rng) {
        w[k] = clip(resetBias[k] + (float) (par.resetStd() * Gaussian.next(rng)), k);
        refreshVisible(k, rng);
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** The effective parameters (SoftBoundsPmax already converted). */
    public PulsedDeviceParameters parameters() {
        return par;
    }

    /** Device {@code k}'s drawn upper bound. */
    public final float maxBound(int k) {
        return cell[k * stride + MAX];
    }

    /** Device {@code k}'s drawn lower bound. */
    public final float minBound(int k) {
        return cell[k * stride + MIN];
    }

    /** Device {@code k}'s drawn up step scale ({@code (1 + ...) dw_min}). */
    public final float scaleUp(int k) {
        return cell[k * stride + UP];
    }

    /** Device {@code k}'s drawn down step scale. */
    public final float scaleDown(int k) {
        return cell[k * stride + DOWN];
    }

    /** Device {@code k}'s subtracted reference (0 without one). */
    public float reference(int k) {
        return reference == null ? 0f : reference[k];
    }

    protected final float clip(float x, int k) {
        return Math.max(minBound(k), Math.min(maxBound(k), x));
    }

    protected final float noise(Rng rng) {
        return dwMinStd > 0 ? 1f + dwMinStd * (float) Gaussian.next(rng) : 1f;
    }
}
