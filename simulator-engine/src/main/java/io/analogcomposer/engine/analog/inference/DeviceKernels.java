package io.analogcomposer.engine.analog.inference;

import io.analogcomposer.engine.analog.util.VectorGaussian;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.FastMath;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorized per-device kernels of the PCM models (programming noise, drift exponents, drift with read noise) in
 * float32, as AIHWKit computes them in torch float32. Programming and drifting a network's weights is one normal draw
 * and a log or two exps per device and slice; with the scalar ziggurat of {@code Gaussian} and {@code Math.exp/log} in
 * double that cost ~30 ns per device. Here the normals of a range come from one {@link VectorGaussian} fill keyed by
 * one draw of the range's generator, and exp/log are {@link FastMath}'s deterministic polynomials, so the vector
 * code and its scalar tail give identical bits and results depend on the seed only.
 */
final class DeviceKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private DeviceKernels() {
    }

    /** Standard normals for {@code [from, to)}, keyed by one draw of {@code rng}. */
    static float[] normals(Rng rng, int from, int to) {
        float[] z = new float[Math.max(to - from, 0)];
        VectorGaussian.fill(rng, z, 0, z.length);
        return z;
    }

    /**
     * {@code gP = max(0, gT + scale·σ(gT)·N)} with {@code σ = Σ c_k (gT/gMax)^k · ref} (Horner, lowest order first).
     */
    static void polynomialProgramming(double[] coeff, double gMax, double ref, double scale, float[] gT, float[] gP,
            int from, int to, Rng rng) {
        float[] z = normals(rng, from, to);
        int deg = coeff.length - 1;
        float[] c = new float[coeff.length];
        for (int k = 0; k <= deg; k++) {
            c[k] = (float) coeff[k];
        }
        float gm = (float) gMax, rf = (float) ref, sc = (float) scale;
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
        float[] z = normals(rng, from, to);
        float gm = (float) gMax, ds = (float) driftScale;
        int i = from;
        for (int upper = from + S.loopBound(to - from); i < upper; i += S.length()) {
            FloatVector lr = FastMath.log(FloatVector.fromArray(S, gT, i).div(gm).abs().max(1e-7f));
            FloatVector mu = lr.mul(-0.0155f).add(0.0244f).max(0.049f).min(0.1f);
            FloatVector sd = lr.mul(-0.0125f).sub(0.0059f).max(0.008f).min(0.045f);
            sd.fma(FloatVector.fromArray(S, z, i - from), mu).abs().mul(ds).intoArray(nu, i);
        }
        for (; i < to; i++) {
            float lr = FastMath.log(Math.max(Math.abs(gT[i] / gm), 1e-7f));
            float mu = Math.min(Math.max(lr * -0.0155f + 0.0244f, 0.049f), 0.1f);
            float sd = Math.min(Math.max(lr * -0.0125f - 0.0059f, 0.008f), 0.045f);
            nu[i] = Math.abs(Math.fma(sd, z[i - from], mu)) * ds;
        }
    }

    /**
     * PCM-like drift and read noise: {@code g_d = g·exp(−ν·logRatio)} (no drift when {@code !drifting}),
     * {@code q = min(0.2, 0.0088 / max(1e-3, (|g|/gMax)^0.65))}, {@code out = max(0, g_d + |g_d|·noise·q·N)} with
     * {@code noise = read_noise_scale·sqrt(ln((t + t_read)/(2 t_read)))}.
     */
    static void pcmDrift(float[] gP, float[] nu, boolean drifting, double logRatio, double noise, double gMax,
            float[] out, int from, int to, Rng rng) {
        float[] z = normals(rng, from, to);
        float lrat = (float) -logRatio, ns = (float) noise, gm = (float) gMax;
        int i = from;
        for (int upper = from + S.loopBound(to - from); i < upper; i += S.length()) {
            FloatVector g = FloatVector.fromArray(S, gP, i);
            FloatVector gd = drifting ? g.mul(FastMath.exp(FloatVector.fromArray(S, nu, i).mul(lrat))) : g;
            FloatVector rel = g.abs().div(gm).max(Float.MIN_NORMAL); // (0/g_max)^0.65 = 0: below the 1e-3 floor
            FloatVector pw = FastMath.exp(FastMath.log(rel).mul(0.65f));
            FloatVector q = FloatVector.broadcast(S, 0.0088f).div(pw.max(1e-3f)).min(0.2f);
            FloatVector amp = gd.abs().mul(ns).mul(q);
            amp.fma(FloatVector.fromArray(S, z, i - from), gd).max(0f).intoArray(out, i);
        }
        for (; i < to; i++) {
            float g = gP[i];
            float gd = drifting ? g * FastMath.exp(nu[i] * lrat) : g;
            float rel = Math.max(Math.abs(g) / gm, Float.MIN_NORMAL);
            float pw = FastMath.exp(FastMath.log(rel) * 0.65f);
            float q = Math.min(0.0088f / Math.max(pw, 1e-3f), 0.2f);
            float amp = Math.abs(gd) * ns * q;
            out[i] = Math.max(Math.fma(amp, z[i - from], gd), 0f);
        }
    }
}
