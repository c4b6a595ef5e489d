package io.analogcomposer.engine.analog.io;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorized deterministic DAC/ADC steps: {@code rint(v / step) · step} and clipping, bit-identical to the scalar
 * float32 code (and to AIHWKit's {@code rintf}): the quotient is the exact division's (the DAC divides; the ADC
 * multiplies by the reciprocal, checked and redone by division near ties, see {@link #nearTie}), and round-half-even is
 * done with the float magic-number trick {@code (q + 1.5·2^23) − 1.5·2^23}, exact for |q| < 2^22; vectors holding
 * larger quotients fall back to {@link Math#rint}.
 */
final class Quantize {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final float MAGIC = 12582912f; // 1.5 * 2^23

    private Quantize() {
    }

    /** {@code dst[d0 + j] = clip(round(src[s0 + j] · scale), ±bound)} for {@code j < n}; step 0 means no rounding. */
    static void scaleRoundClip(float[] src, int s0, float scale, float step, float bound, float[] dst, int d0, int n) {
        int j = 0;
        int upper = S.loopBound(n);
        FloatVector vb = FloatVector.broadcast(S, bound), vnb = FloatVector.broadcast(S, -bound);
        for (; j < upper; j += S.length()) {
            FloatVector v = FloatVector.fromArray(S, src, s0 + j).mul(scale);
            if (step > 0) {
                // the DAC divides (exactly the scalar quotient, no tie check): measured 12 % faster than the
                // reciprocal with its tie check for 392-wide rows on AVX2; only |q| >= 2^22 needs rint
                FloatVector q = v.div(step);
                FloatVector r = q.add(MAGIC).sub(MAGIC);
                if (q.abs().compare(VectorOperators.GE, 0x1.0p22f).anyTrue()) {
                    for (int k = 0; k < S.length(); k++) {
                        float w = src[s0 + j + k] * scale;
                        dst[d0 + j + k] = clip((float) Math.rint(w / step) * step, bound);
                    }
                    continue;
                }
                v = r.mul(step);
            }
            v.max(vnb).min(vb).intoArray(dst, d0 + j);
        }
        for (; j < n; j++) {
            float w = src[s0 + j] * scale;
            if (step > 0) {
                w = (float) Math.rint(w / step) * step;
            }
            dst[d0 + j] = clip(w, bound);
        }
    }

    /**
     * Whether {@code r = rint(q)} with {@code q = v·(1/step)} might differ from the rounding of the exact quotient
     * {@code v/step} in some lane: {@code q} is within 3 ulp of it, so only a fraction within 2^−20·|q| of ½ (ties
     * included) is in doubt, or |q| ≥ 2^22 where the magic-number rounding is not exact. Such vectors (rare) take the
     * scalar division. Written inline in the loops' terms (a helper returning a vector would box it: measured 2× slower).
     * One comparison covers both cases: for |q| ≥ 2^22 the window {@code 0.5 − 2^−20·|q|} is below −3, so the
     * distance test always flags it.
     */
    private static boolean nearTie(FloatVector q, FloatVector r) {
        return q.sub(r).abs().compare(VectorOperators.GE, q.abs().fma(-0x1.0p-20f, 0.5f)).anyTrue();
    }

    private static float clip(float v, float bound) {
        return v > bound ? bound : (v < -bound ? -bound : v);
    }

    /**
     * Rounds {@code a[off, off + n)} to the step and clips at ±bound in place; returns bit 0 set when some value
     * exceeded +bound and bit 1 when some value fell below −bound (before clipping).
     */
    static int roundClip(float[] a, int off, int n, float step, float bound) {
        int flags = 0;
        int j = 0;
        int upper = S.loopBound(n);
        float inv = 1f / step;
        FloatVector vb = FloatVector.broadcast(S, bound), vnb = FloatVector.broadcast(S, -bound);
        for (; j < upper; j += S.length()) {
            FloatVector v = FloatVector.fromArray(S, a, off + j);
            if (step > 0) {
                FloatVector q = v.mul(inv);
                FloatVector r = q.add(MAGIC).sub(MAGIC);
                if (nearTie(q, r)) {
                    for (int k = 0; k < S.length(); k++) {
                        a[off + j + k] = (float) Math.rint(a[off + j + k] / step) * step;
                    }
                    v = FloatVector.fromArray(S, a, off + j);
                } else {
                    v = r.mul(step);
                }
            }
            VectorMask<Float> hi = v.compare(VectorOperators.GT, vb), lo = v.compare(VectorOperators.LT, vnb);
            if (hi.anyTrue()) {
                flags |= 1;
            }
            if (lo.anyTrue()) {
                flags |= 2;
            }
            v.max(vnb).min(vb).intoArray(a, off + j);
        }
        for (; j < n; j++) {
            float v = a[off + j];
            if (step > 0) {
                v = (float) Math.rint(v / step) * step;
            }
            if (v > bound) {
                flags |= 1;
                v = bound;
            } else if (v < -bound) {
                flags |= 2;
                v = -bound;
            }
            a[off + j] = v;
        }
        return flags;
    }

    /**
     * The plain ADC in place: adds output noise {@code sd·noise[n0 + j]} (sd per column from {@code colStd} when
     * given, else {@code std}; no noise when {@code noise} is null), then rounds and clips as
     * {@link #roundClip}, whose flags it returns. Same float operations in the vector and scalar code.
     */
    static int noiseRoundClip(float[] a, int off, int n, float[] noise, int n0, float std, float[] colStd,
            float step, float bound) {
        if (noise != null && step > 0) {
            return fusedNoiseRoundClip(a, off, n, noise, n0, std, colStd, step, bound);
        }
        if (noise != null) {
            int j = 0;
            int upper = S.loopBound(n);
            for (; j < upper; j += S.length()) {
                FloatVector sd = colStd != null ? FloatVector.fromArray(S, colStd, j) : FloatVector.broadcast(S, std);
                FloatVector.fromArray(S, noise, n0 + j).mul(sd).add(FloatVector.fromArray(S, a, off + j))
                        .intoArray(a, off + j);
            }
            for (; j < n; j++) {
                float sd = colStd != null ? colStd[j] : std;
                a[off + j] = noise[n0 + j] * sd + a[off + j];
            }
        }
        return roundClip(a, off, n, step, bound);
    }

    /**
     * {@link #noiseRoundClip} with a step, in one sweep: each vector is noised, rounded, clipped and checked while in
     * registers instead of a noise pass and a rounding pass over the row. The same float operations per element as the
     * two passes (the noise's {@code noise·sd + a}, then {@link #roundClip}'s), so the same bits.
     */
    private static int fusedNoiseRoundClip(float[] a, int off, int n, float[] noise, int n0, float std,
            float[] colStd, float step, float bound) {
        int flags = 0;
        int j = 0;
        int upper = S.loopBound(n);
        float inv = 1f / step;
        FloatVector vb = FloatVector.broadcast(S, bound), vnb = FloatVector.broadcast(S, -bound);
        FloatVector vstd = FloatVector.broadcast(S, std);
        for (; j < upper; j += S.length()) {
            FloatVector sd = colStd != null ? FloatVector.fromArray(S, colStd, j) : vstd;
            FloatVector v = FloatVector.fromArray(S, noise, n0 + j).mul(sd).add(FloatVector.fromArray(S, a, off + j));
            FloatVector q = v.mul(inv);
            FloatVector r = q.add(MAGIC).sub(MAGIC);
            if (nearTie(q, r)) {
                v.intoArray(a, off + j);
                for (int k = 0; k < S.length(); k++) {
                    a[off + j + k] = (float) Math.rint(a[off + j + k] / step) * step;
                }
                v = FloatVector.fromArray(S, a, off + j);
            } else {
                v = r.mul(step);
            }
            VectorMask<Float> hi = v.compare(VectorOperators.GT, vb), lo = v.compare(VectorOperators.LT, vnb);
            if (hi.anyTrue()) {
                flags |= 1;
            }
            if (lo.anyTrue()) {
                flags |= 2;
            }
            v.max(vnb).min(vb).intoArray(a, off + j);
        }
        for (; j < n; j++) {
            float sd = colStd != null ? colStd[j] : std;
            float v = (float) Math.rint((noise[n0 + j] * sd + a[off + j]) / step) * step;
            if (v > bound) {
                flags |= 1;
                v = bound;
            } else if (v < -bound) {
                flags |= 2;
                v = -bound;
            }
            a[off + j] = v;
        }
        return flags;
    }

    /**
     * {@code y[yo + j] (+)= src[so + j]·f·colScale[j] + colBias[j]} for {@code j < n} (no column scale or bias when
     * null), in the same float operations as the scalar tail.
     */
    static void scaleStore(float[] src, int so, float f, float[] colScale, float[] colBias, float[] y, int yo, int n,
            boolean accumulate) {
        int j = 0;
        int upper = S.loopBound(n);
        for (; j < upper; j += S.length()) {
            FloatVector v = FloatVector.fromArray(S, src, so + j).mul(f);
            if (colScale != null) {
                v = v.mul(FloatVector.fromArray(S, colScale, j));
            }
            if (colBias != null) {
                v = v.add(FloatVector.fromArray(S, colBias, j));
            }
            if (accumulate) {
                v = FloatVector.fromArray(S, y, yo + j).add(v);
            }
            v.intoArray(y, yo + j);
        }
        for (; j < n; j++) {
            float v = src[so + j] * f;
            if (colScale != null) {
                v *= colScale[j];
            }
            if (colBias != null) {
                v += colBias[j];
            }
            y[yo + j] = accumulate ? y[yo + j] + v : v;
        }
    }

    /** max |a[off + j]| over {@code j < n} (0 for n = 0); exact, so the lane order does not matter. */
    static float absMax(float[] a, int off, int n) {
        int j = 0;
        int upper = S.loopBound(n);
        FloatVector m = FloatVector.zero(S);
        for (; j < upper; j += S.length()) {
            m = m.max(FloatVector.fromArray(S, a, off + j).abs());
        }
        float r = m.reduceLanes(VectorOperators.MAX);
        for (; j < n; j++) {
            r = Math.max(r, Math.abs(a[off + j]));
        }
        return r;
    }
}
