package io.analogcomposer.engine.analog.inference;

import io.analogcomposer.engine.analog.util.VectorGaussian;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.FastMath;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorized per-device kernels of the PCM models (programming noise, drift exponents, drift with read noise) in
 * float32, as AIHWKit computes them in torch float32. Programming and drifting a network's weights is one normal draw
 * and a log or two exps per device and slice; with the scalar ziggurat of {@code Gaussian} and {@code Math.exp/log} in
 * double that cost ~30 ns per device. Here the normals of a range come from one {@link VectorGaussian} stream keyed
 * by one draw of the range's generator (drawn block by block into per-thread L1-sized arrays, the values of one fill), and exp/log are {@link FastMath}'s deterministic polynomials, so the vector
 * code and its scalar tail give identical bits and results depend on the seed only.
 */
final class DeviceKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /**
     * Devices per block of the staged kernels: a multiple of {@link VectorGaussian#STEP}, so that drawing a range's
     * normals block by block from one {@link VectorGaussian.Stream} gives the values of one fill, and small enough
     * that a block's normals and staging arrays stay in L1 between the passes (a chunk of 8,192 devices did not).
     */
    private static final int BLOCK = 1024;

    /** Per-thread staging arrays of one block: normals and two intermediate results. */
    private static final class Scratch {
        final float[] z = new float[BLOCK], z2 = new float[BLOCK], z3 = new float[BLOCK], z4 = new float[BLOCK];
        final float[] a = new float[BLOCK], b = new float[BLOCK];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private DeviceKernels() {
    }

    /**
     * {@code gP = max(0, gT + scale·σ(gT)·N)} with {@code σ = Σ c_k (gT/gMax)^k · ref} (Horner, lowest order first).
     */
    static void polynomialProgramming(double[] coeff, double gMax, double ref, double scale, float[] gT, float[] gP,
            int from, int to, Rng rng) {
        VectorGaussian.Stream normals = new VectorGaussian.Stream(rng.nextLong());
        float[] z = SCRATCH.get().z;
        int deg = coeff.length - 1;
        float[] c = new float[coeff.length];
        for (int k = 0; k <= deg; k++) {
            c[k] = (float) coeff[k];
        }
        float gm = (float) gMax, rf = (float) ref, sc = (float) scale;
        for (int b0 = from; b0 < to; b0 += BLOCK) {
            int b1 = Math.min(to, b0 + BLOCK);
            normals.fill(z, 0, b1 - b0);
            polynomialBlock(c, gm, rf, sc, gT, gP, b0, b1, z);
        }
    }

    /** {@link #polynomialProgramming} of {@code [from, to)} with its normals in {@code z[0, to − from)}. */
    private static void polynomialBlock(float[] c, float gm, float rf, float sc, float[] gT, float[] gP, int from,
            int to, float[] z) {
        int deg = c.length - 1;
        int i = from;
        for (int upper = from + S.loopBound(to - from); i < upper; i += S.length()) {
            FloatVector g = FloatVector.fromArray(S, gT, i);
            FloatVector r = g.div(gm);
            FloatVector p = FloatVector.broadcast(S, c[deg]);
            for (int k = deg - 1; k >= 0; k--) {
                p = p.fma(r, FloatVector.broadcast(S, c[k]));
            }
            FloatVector sig = p.mul(rf).mul(sc);
            sig.fma(FloatVector.fromArray(S, z, i - from), g).max(0f).intoArray(gP, i);
        }
        for (; i < to; i++) {
            float g = gT[i];
            float r = g / gm;
            float p = c[deg];
            for (int k = deg - 1; k >= 0; k--) {
                p = Math.fma(p, r, c[k]);
            }
            float sig = p * rf * sc;
            gP[i] = Math.max(Math.fma(sig, z[i - from], g), 0f);
        }
    }

    /**
     * PCM-like drift exponents {@code ν = scale·|μ + s·N|}, {@code lr = ln max(|gT|/gMax, 1e-7)},
     * {@code μ = clip(−0.0155 lr + 0.0244, 0.049, 0.1)}, {@code s = clip(−0.0125 lr − 0.0059, 0.008, 0.045)}.
     */
    static void pcmDriftExponents(double gMax, double driftScale, float[] gT, float[] nu, int from, int to,
            Rng rng) {
        VectorGaussian.Stream normals = new VectorGaussian.Stream(rng.nextLong());
        Scratch sc = SCRATCH.get();
        float[] z = sc.z, lr = sc.a;
        float gm = (float) gMax, ds = (float) driftScale;
        for (int b0 = from; b0 < to; b0 += BLOCK) {
            int n = Math.min(BLOCK, to - b0);
            normals.fill(z, 0, n);
            for (int i = 0; i < n; i++) {
                lr[i] = Math.max(Math.abs(gT[b0 + i] / gm), 1e-7f);
            }
            FastMath.log(lr, 0, lr, 0, n);
            int i = 0;
            for (int upper = S.loopBound(n); i < upper; i += S.length()) {
                FloatVector l = FloatVector.fromArray(S, lr, i);
                FloatVector mu = l.mul(-0.0155f).add(0.0244f).max(0.049f).min(0.1f);
                FloatVector sd = l.mul(-0.0125f).sub(0.0059f).max(0.008f).min(0.045f);
                sd.fma(FloatVector.fromArray(S, z, i), mu).abs().mul(ds).intoArray(nu, b0 + i);
            }
            for (; i < n; i++) {
                float mu = Math.min(Math.max(lr[i] * -0.0155f + 0.0244f, 0.049f), 0.1f);
                float sd = Math.min(Math.max(lr[i] * -0.0125f - 0.0059f, 0.008f), 0.045f);
                nu[b0 + i] = Math.abs(Math.fma(sd, z[i], mu)) * ds;
            }
        }
    }

    /**
     * PCM-like drift and read noise: {@code g_d = g·exp(−ν·logRatio)} (no drift when {@code !drifting}),
     * {@code q = min(0.2, 0.0088 / max(1e-3, (|g|/gMax)^0.65))}, {@code out = max(0, g_d + |g_d|·noise·q·N)} with
     * {@code noise = read_noise_scale·sqrt(ln((t + t_read)/(2 t_read)))}. The exp/log steps run as separate array
     * passes (see {@link FastMath#exp(float[], int, float[], int, int)}).
     */
    static void pcmDrift(float[] gP, float[] nu, boolean drifting, double logRatio, double noise, double gMax,
            float[] out, int from, int to, Rng rng) {
        VectorGaussian.Stream normals = new VectorGaussian.Stream(rng.nextLong());
        Scratch sc = SCRATCH.get();
        float[] z = sc.z, decay = sc.a, pw = sc.b;
        float lrat = (float) -logRatio, ns = (float) noise, gm = (float) gMax;
        for (int b0 = from; b0 < to; b0 += BLOCK) {
            int n = Math.min(BLOCK, to - b0);
            normals.fill(z, 0, n);
            for (int i = 0; i < n; i++) {
                decay[i] = nu[b0 + i] * lrat;
                // (0/g_max)^0.65 = 0, below the 1e-3 floor: any tiny positive stand-in gives the same q
                pw[i] = Math.max(Math.abs(gP[b0 + i]) / gm, Float.MIN_NORMAL);
            }
            if (drifting) {
                FastMath.exp(decay, 0, decay, 0, n);
            }
            FastMath.log(pw, 0, pw, 0, n);
            for (int i = 0; i < n; i++) {
                pw[i] *= 0.65f;
            }
            FastMath.exp(pw, 0, pw, 0, n);
            int i = 0;
            for (int upper = S.loopBound(n); i < upper; i += S.length()) {
                FloatVector g = FloatVector.fromArray(S, gP, b0 + i);
                FloatVector gd = drifting ? g.mul(FloatVector.fromArray(S, decay, i)) : g;
                FloatVector q = FloatVector.broadcast(S, 0.0088f).div(FloatVector.fromArray(S, pw, i).max(1e-3f))
                        .min(0.2f);
                FloatVector amp = gd.abs().mul(ns).mul(q);
                amp.fma(FloatVector.fromArray(S, z, i), gd).max(0f).intoArray(out, b0 + i);
            }
            for (; i < n; i++) {
                float g = gP[b0 + i];
                float gd = drifting ? g * decay[i] : g;
                float q = Math.min(0.0088f / Math.max(pw[i], 1e-3f), 0.2f);
                float amp = Math.abs(gd) * ns * q;
                out[b0 + i] = Math.max(Math.fma(amp, z[i], gd), 0f);
            }
        }
    }

    /**
     * {@link #pcmDrift} of both devices of a single pair at {@code g_min = 0}, converted back to weights: the device
     * {@code g+ = min(max(w·scale, 0), gMax)} for {@code w > 0}, else {@code g− = min(max(−w·scale, 0), gMax)}, drifts
     * with its exponent and its slice's normal; the other device is at zero, where {@link #pcmDrift} gives exactly
     * 0 whatever its exponent and normal ({@code max(0, fma(0, z, 0)) = +0}). So {@code out = (g+' − g−') / scale}
     * equals the per-device path bit for bit while computing one exp/log chain per weight instead of two. The two
     * slices' streams are keyed by two consecutive draws of {@code rng}, as the per-device path draws them.
     */
    static void pcmDriftPair(float[] w, float scale, float[] nuPos, float[] nuNeg, boolean drifting, double logRatio,
            double noise, double gMax, float[] out, int from, int to, Rng rng) {
        VectorGaussian.Stream posNormals = new VectorGaussian.Stream(rng.nextLong());
        VectorGaussian.Stream negNormals = new VectorGaussian.Stream(rng.nextLong());
        Scratch sc = SCRATCH.get();
        float[] zp = sc.z, zn = sc.z2, decay = sc.a, pw = sc.b;
        float lrat = (float) -logRatio, ns = (float) noise, gm = (float) gMax;
        for (int b0 = from; b0 < to; b0 += BLOCK) {
            int n = Math.min(BLOCK, to - b0);
            posNormals.fill(zp, 0, n);
            negNormals.fill(zn, 0, n);
            // stage the live device of each weight: its exponent, its normal (into zp) and (|g|/gMax) for q
            int i = 0;
            for (int upper = S.loopBound(n); i < upper; i += S.length()) {
                FloatVector wv = FloatVector.fromArray(S, w, b0 + i);
                VectorMask<Float> pos = wv.compare(VectorOperators.GT, 0f);
                FloatVector g = wv.abs().mul(scale).max(0f).min(gm);
                FloatVector nu = FloatVector.fromArray(S, nuNeg, b0 + i).blend(FloatVector.fromArray(S, nuPos, b0 + i),
                        pos);
                nu.mul(lrat).intoArray(decay, i);
                g.div(gm).max(Float.MIN_NORMAL).intoArray(pw, i);
                FloatVector.fromArray(S, zn, i).blend(FloatVector.fromArray(S, zp, i), pos).intoArray(zp, i);
            }
            for (; i < n; i++) {
                float wi = w[b0 + i];
                boolean pos = wi > 0f;
                float g = Math.min(Math.max(Math.abs(wi) * scale, 0f), gm);
                decay[i] = (pos ? nuPos[b0 + i] : nuNeg[b0 + i]) * lrat;
                pw[i] = Math.max(g / gm, Float.MIN_NORMAL);
                zp[i] = pos ? zp[i] : zn[i];
            }
            if (drifting) {
                FastMath.exp(decay, 0, decay, 0, n);
            }
            FastMath.log(pw, 0, pw, 0, n);
            for (int k = 0; k < n; k++) {
                pw[k] *= 0.65f;
            }
            FastMath.exp(pw, 0, pw, 0, n);
            i = 0;
            for (int upper = S.loopBound(n); i < upper; i += S.length()) {
                FloatVector wv = FloatVector.fromArray(S, w, b0 + i);
                VectorMask<Float> pos = wv.compare(VectorOperators.GT, 0f);
                FloatVector g = wv.abs().mul(scale).max(0f).min(gm);
                FloatVector gd = drifting ? g.mul(FloatVector.fromArray(S, decay, i)) : g;
                FloatVector q = FloatVector.broadcast(S, 0.0088f).div(FloatVector.fromArray(S, pw, i).max(1e-3f))
                        .min(0.2f);
                FloatVector amp = gd.abs().mul(ns).mul(q);
                FloatVector o = amp.fma(FloatVector.fromArray(S, zp, i), gd).max(0f);
                // (g+' − g−') / scale with the dead device's exact +0
                FloatVector.zero(S).sub(o).blend(o.sub(0f), pos).div(scale).intoArray(out, b0 + i);
            }
            for (; i < n; i++) {
                float wi = w[b0 + i];
                float g = Math.min(Math.max(Math.abs(wi) * scale, 0f), gm);
                float gd = drifting ? g * decay[i] : g;
                float q = Math.min(0.0088f / Math.max(pw[i], 1e-3f), 0.2f);
                float amp = Math.abs(gd) * ns * q;
                float o = Math.max(Math.fma(amp, zp[i], gd), 0f);
                out[b0 + i] = (wi > 0f ? o - 0f : 0f - o) / scale;
            }
        }
    }

    /** {@code ln 1e-7}, the log-conductance floor of {@link #pcmDriftExponents} that every zero target gets. */
    private static final float LOG_FLOOR = FastMath.log(1e-7f);

    /**
     * {@link #polynomialProgramming} and {@link #pcmDriftExponents} of both devices of a single pair at
     * {@code g_min = 0} (targets {@code g+ = min(max(w·scale, 0), gMax)}, {@code g− = min(max(−w·scale, 0), gMax)}),
     * then {@code out = (g+_prog − g−_prog) / scale}: the values of the per-device path bit for bit, with its four
     * streams keyed by four consecutive draws of {@code rng} in its order (programming then exponents, slice by
     * slice), but one logarithm per weight: at most one target of a weight is non-zero, and a zero target's
     * logarithm is {@link #LOG_FLOOR}.
     */
    static void pcmProgramPair(double[] coeff, double gMax, double ref, double progScale, double driftScale,
            float[] w, float scale, float[] out, float[] nuPos, float[] nuNeg, int from, int to, Rng rng) {
        VectorGaussian.Stream progPos = new VectorGaussian.Stream(rng.nextLong());
        VectorGaussian.Stream driftPos = new VectorGaussian.Stream(rng.nextLong());
        VectorGaussian.Stream progNeg = new VectorGaussian.Stream(rng.nextLong());
        VectorGaussian.Stream driftNeg = new VectorGaussian.Stream(rng.nextLong());
        Scratch sc = SCRATCH.get();
        float[] zpp = sc.z, zdp = sc.z2, zpn = sc.z3, zdn = sc.z4, lr = sc.a;
        int deg = coeff.length - 1;
        float[] c = new float[coeff.length];
        for (int k = 0; k <= deg; k++) {
            c[k] = (float) coeff[k];
        }
        float gm = (float) gMax, rf = (float) ref, ps = (float) progScale, ds = (float) driftScale;
        for (int b0 = from; b0 < to; b0 += BLOCK) {
            int n = Math.min(BLOCK, to - b0);
            progPos.fill(zpp, 0, n);
            driftPos.fill(zdp, 0, n);
            progNeg.fill(zpn, 0, n);
            driftNeg.fill(zdn, 0, n);
            int i = 0;
            for (int upper = S.loopBound(n); i < upper; i += S.length()) {
                FloatVector wv = FloatVector.fromArray(S, w, b0 + i);
                FloatVector gp = wv.mul(scale).max(0f).min(gm), gn = wv.neg().mul(scale).max(0f).min(gm);
                FloatVector pp = programmed(c, gm, rf, ps, gp, FloatVector.fromArray(S, zpp, i));
                FloatVector pn = programmed(c, gm, rf, ps, gn, FloatVector.fromArray(S, zpn, i));
                pp.sub(pn).div(scale).intoArray(out, b0 + i);
                // the live target (the other is zero, or both are)
                gp.max(gn).div(gm).max(1e-7f).intoArray(lr, i);
            }
            for (; i < n; i++) {
                float wi = w[b0 + i];
                float gp = Math.min(Math.max(wi * scale, 0f), gm), gn = Math.min(Math.max(-wi * scale, 0f), gm);
                out[b0 + i] = (programmed(c, gm, rf, ps, gp, zpp[i]) - programmed(c, gm, rf, ps, gn, zpn[i])) / scale;
                lr[i] = Math.max(Math.max(gp, gn) / gm, 1e-7f);
            }
            FastMath.log(lr, 0, lr, 0, n);
            i = 0;
            for (int upper = S.loopBound(n); i < upper; i += S.length()) {
                FloatVector wv = FloatVector.fromArray(S, w, b0 + i);
                VectorMask<Float> pos = wv.mul(scale).compare(VectorOperators.GT, 0f);
                VectorMask<Float> neg = wv.neg().mul(scale).compare(VectorOperators.GT, 0f);
                FloatVector live = FloatVector.fromArray(S, lr, i), floor = FloatVector.broadcast(S, LOG_FLOOR);
                exponent(floor.blend(live, pos), FloatVector.fromArray(S, zdp, i), ds).intoArray(nuPos, b0 + i);
                exponent(floor.blend(live, neg), FloatVector.fromArray(S, zdn, i), ds).intoArray(nuNeg, b0 + i);
            }
            for (; i < n; i++) {
                float wi = w[b0 + i];
                nuPos[b0 + i] = exponent(wi * scale > 0f ? lr[i] : LOG_FLOOR, zdp[i], ds);
                nuNeg[b0 + i] = exponent(-wi * scale > 0f ? lr[i] : LOG_FLOOR, zdn[i], ds);
            }
        }
    }

    /** {@link #polynomialBlock}'s formula for one vector. */
    private static FloatVector programmed(float[] c, float gm, float rf, float sc, FloatVector g, FloatVector z) {
        int deg = c.length - 1;
        FloatVector r = g.div(gm);
        FloatVector p = FloatVector.broadcast(S, c[deg]);
        for (int k = deg - 1; k >= 0; k--) {
            p = p.fma(r, FloatVector.broadcast(S, c[k]));
        }
        return p.mul(rf).mul(sc).fma(z, g).max(0f);
    }

    /** {@link #polynomialBlock}'s formula for one device. */
    private static float programmed(float[] c, float gm, float rf, float sc, float g, float z) {
        int deg = c.length - 1;
        float r = g / gm;
        float p = c[deg];
        for (int k = deg - 1; k >= 0; k--) {
            p = Math.fma(p, r, c[k]);
        }
        return Math.max(Math.fma(p * rf * sc, z, g), 0f);
    }

    /** {@link #pcmDriftExponents}' formula for one vector of log-conductances. */
    private static FloatVector exponent(FloatVector l, FloatVector z, float ds) {
        FloatVector mu = l.mul(-0.0155f).add(0.0244f).max(0.049f).min(0.1f);
        FloatVector sd = l.mul(-0.0125f).sub(0.0059f).max(0.008f).min(0.045f);
        return sd.fma(z, mu).abs().mul(ds);
    }

    /** {@link #pcmDriftExponents}' formula for one device. */
    private static float exponent(float l, float z, float ds) {
        float mu = Math.min(Math.max(l * -0.0155f + 0.0244f, 0.049f), 0.1f);
        float sd = Math.min(Math.max(l * -0.0125f - 0.0059f, 0.008f), 0.045f);
        return Math.abs(Math.fma(sd, z, mu)) * ds;
    }
}
