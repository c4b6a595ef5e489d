package io.analogcomposer.engine.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorised exp, sigmoid and tanh over float arrays, built only from IEEE-exact operations (add, multiply, fused
 * multiply-add, bit shifts), so every element is bit-identical whether the code is interpreted or compiled and
 * whichever path (vector or scalar tail) computes it. {@code Math.tanh}/{@code Math.exp} cost 20-30 ns per call
 * here and dominated small-network training; these run at a few ns per element. Relative error is below 2e-7 over the
 * float range (tested against {@code Math}).
 */
public final class FastMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private static final float LOG2E = 1.44269504f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** 1.5 * 2^23: adding and subtracting it rounds a float to the nearest integer. */
    private static final float ROUNDER = 12582912f;
    private static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);
    private static final float MAX_X = 88.0f, MIN_X = -87.0f;
    // Taylor coefficients 1/k! for exp(r), |r| <= ln2/2 (truncation error below 6e-9)
    private static final float C2 = 1f / 2, C3 = 1f / 6, C4 = 1f / 24, C5 = 1f / 120, C6 = 1f / 720, C7 = 1f / 5040;
    // odd Taylor coefficients of tanh for |x| < 0.25 (truncation error below 3e-9)
    private static final float T3 = -1f / 3, T5 = 2f / 15, T7 = -17f / 315, T9 = 62f / 2835;
    private static final float TANH_SMALL = 0.25f;
    // log(1 + f) = f − f²/2 + f³·P(f) for f in [√½ − 1, √2 − 1] (Cephes logf minimax coefficients)
    private static final float SQRT2 = 1.41421356f;
    private static final float L1 = 3.3333331174E-1f, L2 = -2.4999993993E-1f, L3 = 2.0000714765E-1f,
            L4 = -1.6668057665E-1f, L5 = 1.4249322787E-1f, L6 = -1.2420140846E-1f, L7 = 1.1676998740E-1f,
            L8 = -1.1514610310E-1f, L9 = 7.0376836292E-2f;

    private FastMath() {
    }

    /** exp(x) for one float, with the same operations as the vector path. */
    public static float exp(float x) {
        x = Math.min(Math.max(x, MIN_X), MAX_X);
        float n = (x * LOG2E + ROUNDER) - ROUNDER;
        float r = Math.fma(n, -LN2_HI, x);
        r = Math.fma(n, -LN2_LO, r);
        float p = Math.fma(C7, r, C6);
        p = Math.fma(p, r, C5);
        p = Math.fma(p, r, C4);
        p = Math.fma(p, r, C3);
        p = Math.fma(p, r, C2);
        p = Math.fma(p, r, 1f);
        p = Math.fma(p, r, 1f);
        return p * Float.intBitsToFloat(((int) n + 127) << 23);
    }

    /** exp of every lane, bit-identical to {@link #exp(float)} lane by lane. */
    public static FloatVector exp(FloatVector x) {
        x = x.max(MIN_X).min(MAX_X);
        FloatVector big = x.mul(LOG2E).add(ROUNDER);
        FloatVector n = big.sub(ROUNDER);
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), x);
        r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector p = r.fma(FloatVector.broadcast(S, C7), FloatVector.broadcast(S, C6));
        p = p.fma(r, FloatVector.broadcast(S, C5));
        p = p.fma(r, FloatVector.broadcast(S, C4));
        p = p.fma(r, FloatVector.broadcast(S, C3));
        p = p.fma(r, FloatVector.broadcast(S, C2));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        // the integer n sits in the low mantissa bits of 1.5·2^23 + n: no float-to-int conversion needed
        IntVector e = big.reinterpretAsInts().sub(ROUNDER_BITS - 127).lanewise(VectorOperators.LSHL, 23);
        return p.mul(e.reinterpretAsFloats());
    }

    /**
     * Natural logarithm of one float, with the same operations as the vector path: exponent and mantissa split, the
     * mantissa centred on 1 (in [√½, √2)) and a degree-9 polynomial for log(1 + f) (Cephes' logf coefficients),
     * relative error below 3e-7. Meant for positive normal inputs; callers clamp below {@link Float#MIN_NORMAL}.
     */
    public static float log(float x) {
        int bits = Float.floatToRawIntBits(x);
        int e = (bits >>> 23) - 127;
        float m = Float.intBitsToFloat((bits & 0x007FFFFF) | 0x3F800000);
        float fe = e;
        if (m > SQRT2) {
            m *= 0.5f;
            fe += 1f;
        }
        float f = m - 1f;
        float z = f * f;
        float p = Math.fma(L9, f, L8);
        p = Math.fma(p, f, L7);
        p = Math.fma(p, f, L6);
        p = Math.fma(p, f, L5);
        p = Math.fma(p, f, L4);
        p = Math.fma(p, f, L3);
        p = Math.fma(p, f, L2);
        p = Math.fma(p, f, L1);
        float y = p * f * z;
        y = Math.fma(fe, LN2_LO, y);
        y = Math.fma(z, -0.5f, y);
        float r = f + y;
        return Math.fma(fe, LN2_HI, r);
    }

    /** Natural logarithm of every lane, bit-identical to {@link #log(float)} lane by lane. */
    public static FloatVector log(FloatVector x) {
        IntVector bits = x.reinterpretAsInts();
        IntVector e = bits.lanewise(VectorOperators.LSHR, 23).sub(127);
        FloatVector m = bits.and(0x007FFFFF).or(0x3F800000).reinterpretAsFloats();
        FloatVector fe = (FloatVector) e.convert(VectorOperators.I2F, 0);
        VectorMask<Float> big = m.compare(VectorOperators.GT, SQRT2);
        m = m.blend(m.mul(0.5f), big);
        fe = fe.add(FloatVector.broadcast(S, 1f), big);
        FloatVector f = m.sub(1f);
        FloatVector z = f.mul(f);
        FloatVector p = f.fma(FloatVector.broadcast(S, L9), FloatVector.broadcast(S, L8));
        p = p.fma(f, FloatVector.broadcast(S, L7));
        p = p.fma(f, FloatVector.broadcast(S, L6));
        p = p.fma(f, FloatVector.broadcast(S, L5));
        p = p.fma(f, FloatVector.broadcast(S, L4));
        p = p.fma(f, FloatVector.broadcast(S, L3));
        p = p.fma(f, FloatVector.broadcast(S, L2));
        p = p.fma(f, FloatVector.broadcast(S, L1));
        FloatVector y = p.mul(f).mul(z);
        y = fe.fma(FloatVector.broadcast(S, LN2_LO), y);
        y = z.fma(FloatVector.broadcast(S, -0.5f), y);
        FloatVector r = f.add(y);
        return fe.fma(FloatVector.broadcast(S, LN2_HI), r);
    }

    /**
     * {@code y[yo + i] = exp(x[xo + i])} for {@code i < n} (in place allowed). Callers with several transcendental
     * steps per element should stage them through arrays with this: a loop inlining several vector exp/log bodies
     * can exceed the JIT's inlining budget, and a non-inlined vector call falls back to a slow per-lane path.
     */
    public static void exp(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            exp(FloatVector.fromArray(S, x, xo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] = exp(x[xo + i]);
        }
    }

    /** {@code y[yo + i] = log(x[xo + i])} for {@code i < n} (in place allowed); see {@link #log(float)}. */
    public static void log(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            log(FloatVector.fromArray(S, x, xo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] = log(x[xo + i]);
        }
    }

    /** Logistic function for one float. */
    public static float sigmoid(float x) {
        return 1f / (1f + exp(-x));
    }

    /** Hyperbolic tangent for one float. */
    public static float tanh(float x) {
        float a = Math.abs(x);
        if (a < TANH_SMALL) {
            float x2 = x * x;
            float p = Math.fma(T9, x2, T7);
            p = Math.fma(p, x2, T5);
            p = Math.fma(p, x2, T3);
            return Math.fma(p * x2, x, x);
        }
        float e = exp(-2f * a);
        float t = (1f - e) / (1f + e);
        return x < 0 ? -t : t;
    }

    /** {@code y[i] = sigmoid(x[i])} for {@code i < n}. */
    public static void sigmoid(float[] x, float[] y, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector e = exp(FloatVector.fromArray(S, x, i).neg());
            FloatVector.broadcast(S, 1f).div(e.add(1f)).intoArray(y, i);
        }
        for (; i < n; i++) {
            y[i] = sigmoid(x[i]);
        }
    }

    /** {@code y[i] = tanh(x[i])} for {@code i < n}. */
    public static void tanh(float[] x, float[] y, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            FloatVector a = v.abs();
            FloatVector e = exp(a.mul(-2f));
            FloatVector big = FloatVector.broadcast(S, 1f).sub(e).div(e.add(1f));
            big = big.blend(big.neg(), v.compare(VectorOperators.LT, 0f));
            FloatVector x2 = v.mul(v);
            FloatVector p = x2.fma(FloatVector.broadcast(S, T9), FloatVector.broadcast(S, T7));
            p = p.fma(x2, FloatVector.broadcast(S, T5));
            p = p.fma(x2, FloatVector.broadcast(S, T3));
            FloatVector small = p.mul(x2).fma(v, v);
            VectorMask<Float> isSmall = a.compare(VectorOperators.LT, TANH_SMALL);
            big.blend(small, isSmall).intoArray(y, i);
        }
        for (; i < n; i++) {
            y[i] = tanh(x[i]);
        }
    }
}
