package io.analogcomposer.engine.analog.io;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorized deterministic DAC/ADC steps: {@code rint(v / step) · step} and clipping, bit-identical to the scalar
 * float32 code (and to AIHWKit's {@code rintf}): division is kept (not a reciprocal multiply), and round-half-even is
 * done with the float magic-number trick {@code (q + 1.5·2^23) − 1.5·2^23}, exact for |q| < 2^22; vectors holding
 * larger quotients fall back to {@link Math#rint}.
 */
final class Quantize {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final float MAGIC = 12582912f; // 1.5 * 2^23
    private static final float LIMIT = 4194304f; // 2^22

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
                FloatVector q = v.div(step);
                if (q.abs().compare(VectorOperators.GE, LIMIT).anyTrue()) {
                    for (int k = 0; k < S.length(); k++) {
                        float w = src[s0 + j + k] * scale;
                        dst[d0 + j + k] = clip((float) Math.rint(w / step) * step, bound);
                    }
                    continue;
                }
                v = q.add(MAGIC).sub(MAGIC).mul(step);
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
        FloatVector vb = FloatVector.broadcast(S, bound), vnb = FloatVector.broadcast(S, -bound);
        for (; j < upper; j += S.length()) {
            FloatVector v = FloatVector.fromArray(S, a, off + j);
            if (step > 0) {
                FloatVector q = v.div(step);
                if (q.abs().compare(VectorOperators.GE, LIMIT).anyTrue()) {
                    for (int k = 0; k < S.length(); k++) {
                        a[off + j + k] = (float) Math.rint(a[off + j + k] / step) * step;
                    }
                    v = FloatVector.fromArray(S, a, off + j);
                } else {
                    v = q.add(MAGIC).sub(MAGIC).mul(step);
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
}
