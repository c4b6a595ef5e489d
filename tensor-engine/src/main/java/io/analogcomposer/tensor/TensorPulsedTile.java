package io.analogcomposer.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.analogcomposer.engine.analog.device.DeviceModel;
import io.analogcomposer.engine.analog.device.PulsedDeviceArray;
import io.analogcomposer.engine.analog.device.PulsedDeviceParameters;
import io.analogcomposer.engine.analog.update.AnalogUpdateTile;
import io.analogcomposer.engine.analog.update.PulseType;
import io.analogcomposer.engine.analog.update.PulsedTile;
import io.analogcomposer.engine.analog.update.UpdateParameters;
import java.util.List;

/**
 * One crossbar of pulsed devices trained in memory on the device, with the Java engine's {@link PulsedTile} semantics
 * (AIHWKit's {@code PulsedRPUDevice} update): per sample the update settings give BL and the probability scales from
 * the sample's |x|max and |d|max (update management, BL management); x_j and d_i become Bernoulli trains of BL bits
 * ({@code min(B |x_j|, 1)}, {@code min(A |d_i|, 1)}); each device receives as many pulses as its two trains coincide,
 * downwards where {@code x_j d_i > 0}; the devices respond with their model and cycle-to-cycle noise, clipped to their
 * bounds; write noise is redrawn on every written device.
 *
 * <p>
 * As tensor operations per mini-batch: the trains of all its samples at once ({@code [B, L, in]} and
 * {@code [B, out, L]}), the coincidence counts as one batched product ({@code [B, out, in]}), and each sample's
 * response as an affine map of the state, {@code w ← clip(A_b w + C_b)} (a constant step adds {@code n s} with normal
 * noise {@code |s| σ √n}; a linear or soft-bounds step shrinks the distance to its fixed point by {@code c^n}, with the
 * exact mean and variance of the sum, as the Java engine's {@code train}); only that clipped affine step runs sample
 * after sample, so a device's state depends on the samples before it as in the Java engine. A train is clipped at its
 * end, where the Java engine clips pulse by pulse near a bound: the same result unless the train's own noise crosses
 * the bound and comes back.
 *
 * <p>
 * The device-to-device parameters (bounds, step scales, slopes) and the initial states are the Java tile's own, read
 * once: a tensor run starts from the same devices as the Java run with the same seed. The random numbers (trains,
 * pulse noise, write noise) come from the device's generator: the same distributions, not the same draws.
 */
final class TensorPulsedTile {
    /** Samples per chunk are limited so the per-sample arrays ({@code [B, out, in]}, four of them) stay this small. */
    static final long CHUNK_ELEMENTS = 1L << 22;

    private final int out, in;
    private final PulsedTile javaTile;
    private final UpdateParameters update;
    private final boolean ideal, linear, mult;
    private final double dwMin;
    private final float dwMinStd, writeNoise;
    /** Persistent state: the devices' weights and what the MVMs see (the same array without write noise). */
    final NDArray state, visible;
    private final NDArray maxBound, minBound;
    /**
     * Each device's response parameters as {@code up} and {@code down − up} ({@link #select} picks per pulse
     * direction): the signed step m and its noise |m| σ; for sloped steps also ln c ({@code c = 1 + slope}), the fixed
     * point −m / slope, and ln(c² + slope² σ²) (multiplicative noise) or |m| σ / √(1 − c²) (additive noise).
     */
    private final NDArray[] step, stepNoise, logC, fixedPoint, noiseGrowth;
    /** Running total of the pulses applied ({@code [1]}, read back only when asked). */
    private final NDArray pulses;

    /** Throws {@link UnsupportedOnTensorPath} naming what the device cannot update yet; nothing is computed. */
    static void checkSupported(AnalogUpdateTile tile) {
        if (!(tile instanceof PulsedTile t)) {
            throw new UnsupportedOnTensorPath("in-memory training with " + tile.getClass().getSimpleName()
                    + " (Tiki-Taka, mixed precision and the other compound algorithms)",
                    "single pulsed devices (rpu_config type single)");
        }
        PulsedDeviceParameters p = t.deviceParameters().effective();
        if (p.model() == DeviceModel.IDEAL) {
            return;
        }
        if (t.devices() == null) {
            throw new UnsupportedOnTensorPath("in-memory training with a compound device",
                    "single pulsed devices (rpu_config type single)");
        }
        switch (p.model()) {
            case CONSTANT_STEP, SOFT_BOUNDS -> {
            }
            case LINEAR_STEP -> {
                if (p.allowIncreasing()) {
                    throw new UnsupportedOnTensorPath("device.allow_increasing", "steps that shrink towards "
                            + "the bounds");
                }
            }
            case SOFT_BOUNDS_REFERENCE -> {
                if (p.subtractSymmetryPoint() || p.referenceMean() != 0 || p.referenceStd() > 0) {
                    throw new UnsupportedOnTensorPath("device.type=soft_bounds_reference with a reference "
                            + "(subtract_symmetry_point, reference_mean, reference_std)", "a zero reference");
                }
            }
            default -> throw new UnsupportedOnTensorPath("device.type=" + p.model().name().toLowerCase(),
                    "constant_step, linear_step, soft_bounds, soft_bounds_pmax, soft_bounds_reference and ideal "
                            + "(and the presets built on them)");
        }
        if (p.lifetime() > 0) {
            throw new UnsupportedOnTensorPath("device.lifetime (decay)", "0");
        }
        if (p.diffusion() > 0) {
            throw new UnsupportedOnTensorPath("device.diffusion", "0");
        }
    }

    TensorPulsedTile(PulsedTile tile, NDManager m) {
        checkSupported(tile);
        this.javaTile = tile;
        this.out = tile.outSize();
        this.in = tile.inSize();
        this.update = tile.updateParameters();
        PulsedDeviceArray a = tile.devices();
        this.ideal = a == null;
        Shape shape = new Shape(out, in);
        if (ideal) {
            this.dwMin = 0;
            this.dwMinStd = 0f;
            this.writeNoise = 0f;
            this.linear = false;
            this.mult = false;
            this.state = HostArrays.copyOf(m, tile.weights(), shape);
            this.visible = state;
            this.maxBound = this.minBound = null;
            this.step = this.stepNoise = this.logC = this.fixedPoint = this.noiseGrowth = null;
        } else {
            PulsedDeviceParameters p = a.parameters();
            this.dwMin = p.dwMin();
            this.dwMinStd = (float) p.dwMinStd();
            this.writeNoise = (float) (p.writeNoiseStd() * p.dwMin());
            this.mult = p.multNoise();
            int size = out * in;
            float[] max = new float[size], min = new float[size], up = new float[size], down = new float[size];
            float[] sUp = new float[size], sDown = new float[size];
            boolean anySlope = false;
            for (int k = 0; k < size; k++) {
                max[k] = a.maxBound(k);
                min[k] = a.minBound(k);
                up[k] = a.scaleUp(k);
                down[k] = a.scaleDown(k);
                // every supported model's step is affine in the state: the slope is the step's change over one unit
                sUp[k] = (float) (a.expectedStep(1, k, false) - a.expectedStep(0, k, false));
                sDown[k] = (float) (a.expectedStep(1, k, true) - a.expectedStep(0, k, true));
                anySlope |= sUp[k] != 0f || sDown[k] != 0f;
            }
            this.linear = anySlope;
            this.maxBound = HostArrays.copyOf(m, max, shape);
            this.minBound = HostArrays.copyOf(m, min, shape);
            float[][] stepP = new float[2][size], noiseP = new float[2][size];
            float[][] logP = new float[2][size], fixedP = new float[2][size], growthP = new float[2][size];
            double sigma = p.dwMinStd();
            for (int dir = 0; dir < 2; dir++) {
                boolean isDown = dir == 1;
                for (int k = 0; k < size; k++) {
                    // going down the step is −scale_down and the slope −slope_down (the Java engine's train)
                    double st = isDown ? -down[k] : up[k];
                    double sl = isDown ? -sDown[k] : sUp[k];
                    stepP[dir][k] = (float) st;
                    noiseP[dir][k] = (float) (Math.abs(st) * sigma);
                    if (!anySlope) {
                        continue;
                    }
                    if (sl == 0) {
                        if (st != 0) {
                            throw new UnsupportedOnTensorPath("a linear step with zero slope on some devices "
                                    + "and not on others (gamma 0 in one direction without gamma_*_dtod)", null);
                        }
                        continue; // a stuck device: gain 1, no offset
                    }
                    // c ≤ 0 (one step overshooting its bound) is taken as a step onto the bound
                    double c = Math.max(1 + sl, 1e-6);
                    logP[dir][k] = (float) Math.log(c);
                    fixedP[dir][k] = (float) (-st / sl);
                    growthP[dir][k] = mult
                            ? (float) Math.log(c * c + sl * sl * sigma * sigma)
                            : (float) (Math.abs(st) * sigma / Math.sqrt(Math.max(1 - c * c, 1e-30)));
                }
            }
            this.step = pair(m, stepP, shape);
            this.stepNoise = pair(m, noiseP, shape);
            this.logC = anySlope ? pair(m, logP, shape) : null;
            this.fixedPoint = anySlope ? pair(m, fixedP, shape) : null;
            this.noiseGrowth = anySlope ? pair(m, growthP, shape) : null;
            this.state = HostArrays.copyOf(m, a.state(), shape);
            this.visible = writeNoise > 0 ? HostArrays.copyOf(m, a.weights(), shape) : state;
        }
        this.pulses = m.zeros(new Shape(1));
    }

    /** {@code [up, down − up]} on the device. */
    private static NDArray[] pair(NDManager m, float[][] updown, Shape shape) {
        float[] delta = new float[updown[0].length];
        for (int k = 0; k < delta.length; k++) {
            delta[k] = updown[1][k] - updown[0][k];
        }
        return new NDArray[]{HostArrays.copyOf(m, updown[0], shape), HostArrays.copyOf(m, delta, shape)};
    }

    /** The parameter of each sample's pulse direction ({@code downs [B, out, in]}: 1 down, 0 up). */
    private static NDArray select(NDArray[] pair, NDArray downs) {
        return downs.mul(pair[1]).add(pair[0]);
    }

    int outSize() {
        return out;
    }

    int inSize() {
        return in;
    }

    /** The arrays that live across batches. */
    List<NDArray> persistent() {
        if (ideal) {
            return List.of(state, pulses);
        }
        List<NDArray> all = new java.util.ArrayList<>(List.of(state, maxBound, minBound, pulses));
        if (visible != state) {
            all.add(visible);
        }
        for (NDArray[] p : new NDArray[][]{step, stepNoise, logC, fixedPoint, noiseGrowth}) {
            if (p != null) {
                all.addAll(List.of(p));
            }
        }
        return all;
    }

    /** The pulses applied so far (one read back). */
    long pulseCount() {
        return (long) pulses.toFloatArray()[0];
    }

    /**
     * Applies {@code W -= lr Σ_b d_b x_b^T} of one mini-batch ({@code x [B, in]}, {@code d [B, out]}) in memory, sample
     * by sample. Intermediates live in x's manager.
     */
    void update(NDArray x, NDArray d, double lr) {
        if (lr <= 0) {
            if (lr < 0) {
                throw new IllegalArgumentException("learning rate must be >= 0, got " + lr);
            }
            return;
        }
        if (ideal) {
            // exact: the sum of the samples' outer products
            state.subi(d.transpose().matMul(x).mul((float) lr));
            return;
        }
        long batch = x.getShape().get(0);
        long chunk = Math.max(1, CHUNK_ELEMENTS / ((long) out * in));
        for (long b0 = 0; b0 < batch; b0 += chunk) {
            long b1 = Math.min(batch, b0 + chunk);
            NDArray xs = b0 == 0 && b1 == batch ? x : x.get("{}:{}", b0, b1);
            NDArray ds = b0 == 0 && b1 == batch ? d : d.get("{}:{}", b0, b1);
            updateChunk(xs, ds, lr);
        }
    }

    private void updateChunk(NDArray x, NDArray d, double lr) {
        NDManager m = x.getManager();
        long n = x.getShape().get(0);
        NDArray counts, down;
        if (update.pulseType() == PulseType.NONE) {
            // the exact update of each sample added to the state, still limited by the bounds
            NDArray delta = d.expandDims(2).mul(x.expandDims(1)).mul((float) -lr); // [B, out, in]
            NDArray w = state;
            for (long b = 0; b < n; b++) {
                w = clip(w.add(delta.get(b)));
            }
            assign(state, w);
            refreshVisible(delta.neq(0f).sum(new int[]{0}).gt(0f), m);
            return;
        }
        Scales s = scales(x, d, lr);
        if (update.pulseType() == PulseType.DETERMINISTIC_IMPLICIT) {
            NDArray px = fraction(x, s.b, update.xResImplicit()); // [B, in] signed
            NDArray pd = fraction(d, s.a, update.dResImplicit()); // [B, out]
            NDArray signed = pd.expandDims(2).mul(px.expandDims(1)).mul(s.bl.expandDims(2)).round(); // [B, out, in]
            counts = signed.abs();
            down = signed.gt(0f);
        } else {
            int len = s.maxBl;
            NDArray slot = m.arange(0f, (float) len, 1f, DataType.FLOAT32); // [L]
            NDArray live = slot.reshape(1, len).lt(s.bl); // [B, L]: the slots of each sample's train
            NDArray px = x.abs().mul(s.b).minimum(1f); // [B, in]
            NDArray pd = d.abs().mul(s.a).minimum(1f); // [B, out]
            NDArray xBits = m.randomUniform(0f, 1f, new Shape(n, len, x.getShape().get(1)), DataType.FLOAT32)
                    .lt(px.expandDims(1)).logicalAnd(live.expandDims(2)).toType(DataType.FLOAT32, false);
            NDArray dBits = m.randomUniform(0f, 1f, new Shape(n, d.getShape().get(1), len), DataType.FLOAT32)
                    .lt(pd.expandDims(2)).toType(DataType.FLOAT32, false);
            counts = dBits.matMul(xBits); // [B, out, in]: coincidences
            // x d > 0 is a positive gradient: the pulses lower the weight
            down = d.sign().expandDims(2).mul(x.sign().expandDims(1)).gt(0f);
        }
        pulses.addi(counts.sum().reshape(1));
        NDArray a, c; // the affine response per sample: w <- clip(a w + c)
        NDArray xi = m.randomNormal(0f, 1f, counts.getShape(), DataType.FLOAT32);
        NDArray downs = down.toType(DataType.FLOAT32, false);
        if (!linear) {
            // n steps of m (1 + σ ξ): n m + |m| σ √n ξ
            a = null;
            c = counts.mul(select(step, downs)).add(select(stepNoise, downs).mul(counts.sqrt()).mul(xi));
        } else {
            // n affine steps: the distance to the fixed point shrinks by c^n
            NDArray cn = counts.mul(select(logC, downs)).exp();
            NDArray fixed = select(fixedPoint, downs);
            if (mult) {
                NDArray spread = counts.mul(select(noiseGrowth, downs)).exp().sub(cn.square()).maximum(0f).sqrt();
                a = cn.add(spread.mul(xi));
                c = fixed.mul(a.neg().add(1f));
            } else {
                a = cn;
                c = fixed.mul(cn.neg().add(1f)).add(select(noiseGrowth, downs)
                        .mul(cn.square().neg().add(1f).maximum(0f).sqrt()).mul(xi));
            }
        }
        NDArray w = state;
        for (long b = 0; b < n; b++) {
            NDArray next = a == null ? w.add(c.get(b)) : w.mul(a.get(b)).add(c.get(b));
            w = clip(next);
        }
        assign(state, w);
        refreshVisible(counts.sum(new int[]{0}).gt(0f), m);
    }

    /** Makes {@code target} (a persistent array) hold {@code value}'s storage, without a copy. */
    private static void assign(NDArray target, NDArray value) {
        if (value != target) {
            target.intern(value);
        }
    }

    private NDArray clip(NDArray w) {
        return w.minimum(maxBound).maximum(minBound);
    }

    /** What the MVMs see: the state, with fresh write noise on every device written in this batch. */
    private void refreshVisible(NDArray written, NDManager m) {
        if (visible == state) {
            return;
        }
        NDArray noisy = state.add(m.randomNormal(0f, writeNoise, state.getShape(), DataType.FLOAT32));
        assign(visible, TensorMvm.where(written, noisy, visible));
    }

    /** The signed implicit fraction {@code ±min(disc(p |v|), 1)} (rounded half to even, as C's rintf). */
    private static NDArray fraction(NDArray v, NDArray p, double res) {
        NDArray q = v.abs().mul(p);
        if (res > 0) {
            q = q.div((float) res).round().mul((float) res);
        }
        return q.minimum(1f).mul(v.sign());
    }

    /** Each sample's BL ({@code [B, 1]}, 0 where x or d is all zero) and probability scales (Java's {@code scales}). */
    private record Scales(NDArray bl, NDArray a, NDArray b, int maxBl) {}

    private Scales scales(NDArray x, NDArray d, double lr) {
        int desired = update.desiredBl();
        NDArray xv = x.abs().max(new int[]{1}, true); // [B, 1]
        NDArray dMax = d.abs().max(new int[]{1}, true);
        NDArray active = xv.gt(0f).logicalAnd(dMax.gt(0f)).toType(DataType.FLOAT32, false);
        int bl0;
        double a0;
        if (update.fixedBl() || update.updateBlManagement() || dwMin * desired >= lr) {
            bl0 = desired;
            a0 = Math.sqrt(lr / (dwMin * bl0));
        } else {
            bl0 = Math.max((int) Math.ceil(lr / dwMin), 1);
            a0 = 1;
        }
        NDArray bl = active.mul((float) bl0);
        NDArray a = active.mul((float) a0);
        NDArray b = a;
        if (update.updateBlManagement() || update.updateManagement()) {
            NDArray safeX = xv.maximum(Float.MIN_NORMAL);
            NDArray dv = dMax.mul((float) update.umGradScale()).maximum(Float.MIN_NORMAL);
            NDArray k = safeX.mul(dv).mul((float) (lr / dwMin)); // the expected pulses at the largest x and d
            if (update.updateBlManagement()) {
                bl = k.ceil().minimum((float) desired).mul(active);
                a = bl.maximum(1f).pow(-1).mul((float) (lr / dwMin)).sqrt();
                b = a;
            }
            if (update.updateManagement()) {
                // the train is too short: clip d rather than x
                dv = TensorMvm.where(k.gt((float) desired), dv.mul((float) desired).div(k), dv);
                NDArray ratio = safeX.div(dv).sqrt();
                a = a.mul(ratio);
                b = b.div(ratio);
            }
        }
        return new Scales(bl, a, b, update.updateBlManagement() ? desired : bl0);
    }

    /** Writes the devices' states into the Java tile (it programs them; write noise is redrawn there). */
    void copyBack() {
        javaTile.setWeights(state.toFloatArray());
    }
}
