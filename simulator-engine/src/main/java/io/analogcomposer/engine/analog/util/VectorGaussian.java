package io.analogcomposer.engine.analog.util;

import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.FastMath;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Bulk standard normal samples, many per instruction: {@value #LANES} independent xoshiro128++ generators (seeded by
 * SplitMix64 from one 64-bit key) feed a Box–Muller transform written with IEEE-exact operations only (add, multiply,
 * fused multiply-add, square root, integer bit operations; the log is {@link FastMath#log}). The analog forward pass
 * draws one normal per output element (6.5 M for the benchmark MLP) and programming/drift several per device, where
 * {@link Gaussian#next} at ~3.5 ns per value dominated; this runs at well under 1 ns per value.
 *
 * <p>
 * Determinism: value {@code i} of a fill depends only on the key and {@code i} (not on the length of the fill, the
 * machine's vector width or the thread), and the vector code is bit-identical to the scalar reference
 * {@link #fillScalar}. The stream is defined over {@value #LANES} logical lanes; a machine with narrower vectors runs
 * several groups of lanes.
 *
 * <p>
 * Box–Muller in detail: per lane and step two 32-bit draws {@code a, b}; {@code u = ((a >>> 1) | 1)·2^−31} in (0, 1),
 * {@code r = sqrt(−2 ln u)}; an angle {@code θ} uniform in [−π/4, π/4) from the top 24 bits of {@code b}; the point
 * {@code (r cos θ, r sin θ)} is then mapped onto the whole circle by the three low bits of {@code b} (swap the
 * coordinates, negate each), which are the eight symmetries of the square and keep the angle uniform. Tails are cut at
 * {@code sqrt(62 ln 2) ≈ 6.56} (probability 5e-11 for a normal).
 */
public final class VectorGaussian {
    /** Logical lanes of the generator: fixed so that the stream does not depend on the hardware. */
    public static final int LANES = 16;
    /** Normal values produced per step (two per lane). */
    public static final int STEP = 2 * LANES;

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> IS = IntVector.SPECIES_PREFERRED;
    private static final int L = IS.length();
    /** Whether the vector path can be used: the logical lanes split into whole machine vectors. */
    private static final boolean VECTOR = FS.length() == L && L <= LANES && LANES % L == 0;

    private static final float TWO_M31 = 0x1.0p-31f, TWO_M24 = 0x1.0p-24f;
    private static final float HALF_PI = 1.57079632679f;
    // Taylor coefficients of sin and cos on [−π/4, π/4] (truncation error below 2e-9)
    private static final float S3 = -1f / 6, S5 = 1f / 120, S7 = -1f / 5040, S9 = 1f / 362880;
    private static final float C2 = -1f / 2, C4 = 1f / 24, C6 = -1f / 720, C8 = 1f / 40320, C10 = -1f / 3628800;

    private VectorGaussian() {
    }

    /** Fills {@code out[off, off + len)} with standard normal values of the stream {@code key}. */
    public static void fill(long key, float[] out, int off, int len) {
        if (len <= 0) {
            return;
        }
        int[] state = seed(key);
        if (!VECTOR) {
            fillScalar(state, out, off, len);
            return;
        }
        for (int g = 0; g < LANES; g += L) {
            fillGroup(state, g, out, off, len);
        }
    }

    /**
     * The stream of one key drawn piece by piece: consecutive fills whose lengths are multiples of {@value #STEP}
     * (the last may be shorter) give exactly the values of one fill of their total length, so a caller can draw a
     * block's noise row by row into a buffer that stays in L1 instead of the whole block at once.
     */
    public static final class Stream {
        private final int[] state;
        private boolean ended;

        /** The stream {@code key} of {@link VectorGaussian#fill(long, float[], int, int)}, from its first value. */
        public Stream(long key) {
            state = seed(key);
        }

        /** The next {@code len} values into {@code out[off, off + len)}. */
        public void fill(float[] out, int off, int len) {
            if (ended) {
                throw new IllegalStateException("a fill of a length not a multiple of " + STEP + " ended the stream");
            }
            if (len <= 0) {
                return;
            }
            ended = len % STEP != 0;
            if (!VECTOR) {
                fillScalar(state, out, off, len);
                return;
            }
            for (int g = 0; g < LANES; g += L) {
                fillGroup(state, g, out, off, len);
            }
        }
    }

    /** Fills with standard normal values, keyed by one draw of {@code rng}. */
    public static void fill(Rng rng, float[] out, int off, int len) {
        fill(rng.nextLong(), out, off, len);
    }

    /** The scalar reference of {@link #fill(long, float[], int, int)} (same values bit for bit). */
    public static void fillScalar(long key, float[] out, int off, int len) {
        if (len > 0) {
            fillScalar(seed(key), out, off, len);
        }
    }

    /** Per lane the four xoshiro128++ state words, laid out {@code state[word * LANES + lane]}. */
    private static int[] seed(long key) {
        int[] s = new int[4 * LANES];
        for (int lane = 0; lane < LANES; lane++) {
            long k = Rng.mix(key + 0x9E3779B97F4A7C15L * (lane + 1));
            long h0 = Rng.mix(k ^ 0x243F6A8885A308D3L), h1 = Rng.mix(k ^ 0x13198A2E03707344L);
            s[lane] = (int) h0;
            s[LANES + lane] = (int) (h0 >>> 32);
            s[2 * LANES + lane] = (int) h1;
            s[3 * LANES + lane] = (int) (h1 >>> 32) | 1; // never the all-zero state
        }
        return s;
    }

    private static void fillGroup(int[] st, int g, float[] out, int off, int len) {
        IntVector s0 = IntVector.fromArray(IS, st, g), s1 = IntVector.fromArray(IS, st, LANES + g);
        IntVector s2 = IntVector.fromArray(IS, st, 2 * LANES + g), s3 = IntVector.fromArray(IS, st, 3 * LANES + g);
        float[] tmp = null;
        for (int base = 0; base < len; base += STEP) {
            // xoshiro128++: two outputs per lane
            IntVector a = s0.add(s3).lanewise(VectorOperators.ROL, 7).add(s0);
            IntVector t = s1.lanewise(VectorOperators.LSHL, 9);
            s2 = s2.lanewise(VectorOperators.XOR, s0);
            s3 = s3.lanewise(VectorOperators.XOR, s1);
            s1 = s1.lanewise(VectorOperators.XOR, s2);
            s0 = s0.lanewise(VectorOperators.XOR, s3);
            s2 = s2.lanewise(VectorOperators.XOR, t);
            s3 = s3.lanewise(VectorOperators.ROL, 11);
            IntVector b = s0.add(s3).lanewise(VectorOperators.ROL, 7).add(s0);
            t = s1.lanewise(VectorOperators.LSHL, 9);
            s2 = s2.lanewise(VectorOperators.XOR, s0);
            s3 = s3.lanewise(VectorOperators.XOR, s1);
            s1 = s1.lanewise(VectorOperators.XOR, s2);
            s0 = s0.lanewise(VectorOperators.XOR, s3);
            s2 = s2.lanewise(VectorOperators.XOR, t);
            s3 = s3.lanewise(VectorOperators.ROL, 11);

            FloatVector u = ((FloatVector) a.lanewise(VectorOperators.LSHR, 1).or(1).convert(VectorOperators.I2F, 0))
                    .mul(TWO_M31);
            FloatVector r = FastMath.log(u).mul(-2f).sqrt();
            FloatVector x = ((FloatVector) b.lanewise(VectorOperators.LSHR, 8).convert(VectorOperators.I2F, 0))
                    .mul(TWO_M24).sub(0.5f).mul(HALF_PI);
            FloatVector x2 = x.mul(x);
            FloatVector ps = x2.fma(FloatVector.broadcast(FS, S9), FloatVector.broadcast(FS, S7));
            ps = ps.fma(x2, FloatVector.broadcast(FS, S5));
            ps = ps.fma(x2, FloatVector.broadcast(FS, S3));
            FloatVector sin = ps.mul(x2).fma(x, x);
            FloatVector pc = x2.fma(FloatVector.broadcast(FS, C10), FloatVector.broadcast(FS, C8));
            pc = pc.fma(x2, FloatVector.broadcast(FS, C6));
            pc = pc.fma(x2, FloatVector.broadcast(FS, C4));
            pc = pc.fma(x2, FloatVector.broadcast(FS, C2));
            FloatVector cos = pc.fma(x2, FloatVector.broadcast(FS, 1f));
            VectorMask<Float> swap = b.and(1).compare(VectorOperators.NE, 0).cast(FS);
            FloatVector p0 = cos.blend(sin, swap), p1 = sin.blend(cos, swap);
            IntVector sign0 = b.lanewise(VectorOperators.LSHL, 30).and(0x80000000);
            IntVector sign1 = b.lanewise(VectorOperators.LSHL, 29).and(0x80000000);
            FloatVector z0 = r.mul(p0).reinterpretAsInts().lanewise(VectorOperators.XOR, sign0).reinterpretAsFloats();
            FloatVector z1 = r.mul(p1).reinterpretAsInts().lanewise(VectorOperators.XOR, sign1).reinterpretAsFloats();
            int i0 = base + g, i1 = base + LANES + g;
            if (i1 + L <= len) {
                z0.intoArray(out, off + i0);
                z1.intoArray(out, off + i1);
            } else {
                if (tmp == null) {
                    tmp = new float[2 * L];
                }
                z0.intoArray(tmp, 0);
                z1.intoArray(tmp, L);
                for (int j = 0; j < L; j++) {
                    if (i0 + j < len) {
                        out[off + i0 + j] = tmp[j];
                    }
                    if (i1 + j < len) {
                        out[off + i1 + j] = tmp[L + j];
                    }
                }
            }
        }
        // the state after this fill, so that a Stream continues where it stopped
        s0.intoArray(st, g);
        s1.intoArray(st, LANES + g);
        s2.intoArray(st, 2 * LANES + g);
        s3.intoArray(st, 3 * LANES + g);
    }

    private static void fillScalar(int[] st, float[] out, int off, int len) {
        for (int lane = 0; lane < LANES; lane++) {
            int s0 = st[lane], s1 = st[LANES + lane], s2 = st[2 * LANES + lane], s3 = st[3 * LANES + lane];
            for (int base = 0; base < len; base += STEP) {
                int a = Integer.rotateLeft(s0 + s3, 7) + s0;
                int t = s1 << 9;
                s2 ^= s0;
                s3 ^= s1;
                s1 ^= s2;
                s0 ^= s3;
                s2 ^= t;
                s3 = Integer.rotateLeft(s3, 11);
                int b = Integer.rotateLeft(s0 + s3, 7) + s0;
                t = s1 << 9;
                s2 ^= s0;
                s3 ^= s1;
                s1 ^= s2;
                s0 ^= s3;
                s2 ^= t;
                s3 = Integer.rotateLeft(s3, 11);

                float u = (float) ((a >>> 1) | 1) * TWO_M31;
                float r = (float) Math.sqrt(FastMath.log(u) * -2f);
                float x = ((float) (b >>> 8) * TWO_M24 - 0.5f) * HALF_PI;
                float x2 = x * x;
                float ps = Math.fma(x2, S9, S7);
                ps = Math.fma(ps, x2, S5);
                ps = Math.fma(ps, x2, S3);
                float sin = Math.fma(ps * x2, x, x);
                float pc = Math.fma(x2, C10, C8);
                pc = Math.fma(pc, x2, C6);
                pc = Math.fma(pc, x2, C4);
                pc = Math.fma(pc, x2, C2);
                float cos = Math.fma(pc, x2, 1f);
                boolean swap = (b & 1) != 0;
                float p0 = swap ? sin : cos, p1 = swap ? cos : sin;
                float z0 = Float.intBitsToFloat(Float.floatToRawIntBits(r * p0) ^ ((b << 30) & 0x80000000));
                float z1 = Float.intBitsToFloat(Float.floatToRawIntBits(r * p1) ^ ((b << 29) & 0x80000000));
                if (base + lane < len) {
                    out[off + base + lane] = z0;
                }
                if (base + LANES + lane < len) {
                    out[off + base + LANES + lane] = z1;
                }
            }
            st[lane] = s0;
            st[LANES + lane] = s1;
            st[2 * LANES + lane] = s2;
            st[3 * LANES + lane] = s3;
        }
    }
}
