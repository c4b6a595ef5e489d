package io.analogcomposer.engine.random;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A seeded, splittable, counter-based random generator (SplitMix64 mixing of {@code seed + counter * gamma}).
 *
 * <p>
 * Contract: the same seed gives the same sequence on every machine and JVM. Parallel fills split the output into
 * fixed-size chunks whose streams are derived from the seed and the chunk index only, so results do not depend on how
 * many threads did the work.
 */
public final class Rng {
    private static final long GAMMA = 0x9E3779B97F4A7C15L;
    /** Elements per independently seeded chunk in the parallel fills. */
    public static final int CHUNK = 4096;

    private final long seed;
    private long counter;

    /** A generator for the given seed. */
    public Rng(long seed) {
        this.seed = mix(seed);
    }

    private Rng(long mixedSeed, boolean raw) {
        this.seed = mixedSeed;
    }

    /** SplitMix64's finalizer: a bijective avalanche of 64 bits. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * An independent generator for a named sub-stream (e.g. per layer, per epoch, per chunk); it depends only on this
     * generator's seed and {@code stream}, not on how much this generator has been used.
     */
    public Rng split(long stream) {
        return new Rng(mix(seed ^ mix(stream * GAMMA + 0x632BE59BD9B4E019L)), true);
    }

    /** How many values this generator has produced: with the seed, its whole state (for resumable training). */
    public long position() {
        return counter;
    }

    /** Continues from a {@link #position()} saved earlier, so the next draws are those the saved one would make. */
    public void position(long position) {
        this.counter = position;
    }

    /** Next 64 random bits. */
    public long nextLong() {
        return mix(seed + (++counter) * GAMMA);
    }

    private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;
    private static final LongVector LANE = LongVector.zero(LONGS).addIndex(1);

    /**
     * {@code len} (1 to 64) Bernoulli bits with probability {@code threshold / 65536}, from the next
     * {@code ceil(len / 4)} draws: bit {@code b} is set when the 16-bit field {@code b % 4} (from the low end) of draw
     * {@code b / 4} is below {@code threshold}. The same bits, and the same draws consumed, as testing the fields of
     * {@link #nextLong()} one by one; computed several draws at a time with the Vector API, since the generator is
     * counter-based (a pulsed update draws millions of such trains per epoch).
     */
    public long bitsBelow(int len, long threshold) {
        if (len < 1 || len > 64) {
            throw new IllegalArgumentException("a bit train has 1 to 64 bits, got " + len);
        }
        int draws = (len + 3) >>> 2;
        long first = counter + 1;
        counter += draws;
        long lenMask = len == 64 ? -1L : (1L << len) - 1;
        if (threshold >= 65536) {
            return lenMask;
        }
        if (threshold <= 0) {
            return 0L;
        }
        short t = (short) threshold; // compared unsigned
        long bits = 0;
        for (int g = 0; g < draws; g += LONGS.length()) {
            LongVector z = LANE.add(first + g).mul(GAMMA).add(seed);
            z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(0xBF58476D1CE4E5B9L);
            z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(0x94D049BB133111EBL);
            z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31));
            // little-endian lanes: short 4·l + q is field q of draw l, i.e. bit 4·(g + l) + q of the train
            bits |= z.reinterpretAsShorts().compare(VectorOperators.ULT, t).toLong() << (4 * g);
        }
        return bits & lenMask; // draws past the train's end were computed but not consumed
    }

    /**
     * Many trains at once: {@code out[which[e]] = bitsBelow(len, threshold[which[e]])} for {@code e < m}, in that
     * order: the same bits, and the same draws consumed, as the calls one by one. A sample of the pulsed update draws
     * over a thousand short trains; in one loop the vector constants stay in registers and each train costs one
     * vector of draws.
     */
    public void bitsBelow(int len, long[] threshold, int[] which, int m, long[] out) {
        if (len < 1 || len > 64) {
            throw new IllegalArgumentException("a bit train has 1 to 64 bits, got " + len);
        }
        int draws = (len + 3) >>> 2;
        if (draws > LONGS.length()) {
            for (int e = 0; e < m; e++) {
                out[which[e]] = bitsBelow(len, threshold[which[e]]);
            }
            return;
        }
        long lenMask = len == 64 ? -1L : (1L << len) - 1;
        LongVector lane = LANE.mul(GAMMA).add(seed);
        for (int e = 0; e < m; e++) {
            int k = which[e];
            long thr = threshold[k];
            long first = counter + 1;
            counter += draws;
            long bits;
            if (thr >= 65536) {
                bits = lenMask;
            } else if (thr <= 0) {
                bits = 0L;
            } else {
                // (first + l) GAMMA + seed for lane l, as in bitsBelow
                LongVector z = lane.add(first * GAMMA);
                z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(0xBF58476D1CE4E5B9L);
                z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(0x94D049BB133111EBL);
                z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31));
                bits = z.reinterpretAsShorts().compare(VectorOperators.ULT, (short) thr).toLong() & lenMask;
            }
            out[k] = bits;
        }
    }

    /** Elements of {@link #bernoulliTrains}: a multiple of every vector width in ints, so the stream is machine-free. */
    public static final int TRAIN_BLOCK = 16;
    private static final VectorSpecies<Integer> INTS = LONGS.vectorShape().withLanes(int.class);
    private static final LongVector TWO_LANE_GAMMA = LANE.mul(GAMMA);

    /**
     * Short Bernoulli trains for many elements at once: bit {@code b < len} (1 to 32) of {@code out[k]} is set when the
     * 24-bit uniform {@code u(b, k)} is below {@code threshold[k]} (so with probability {@code threshold[k] / 2^24};
     * 0 never, {@code 2^24} always), for {@code k < n}, {@code n} a multiple of {@link #TRAIN_BLOCK}. {@code u(b, k)}
     * is the top 24 bits of the 32-bit half {@code k & 1} (low half first) of draw {@code b n / 2 + k / 2} after this
     * generator's position; {@code len n / 2} draws are consumed. Each bit costs half a draw, where
     * {@link #bitsBelow(int, long)}'s per-train threshold and whole draw per four bits cost one to two draws for the
     * one- or two-bit trains that update management makes common; the draws are computed a vector at a time. Same
     * values as {@link #bernoulliTrainsScalar}.
     */
    public void bernoulliTrains(int len, int[] threshold, int n, int[] out) {
        checkTrains(len, n);
        long first = counter + 1;
        int plane = n >>> 1;
        counter += (long) len * plane;
        int lanes = INTS.length();
        if (lanes > TRAIN_BLOCK || TRAIN_BLOCK % lanes != 0 || lanes != 2 * LONGS.length()) {
            bernoulliTrainsScalar(first, len, threshold, n, out);
            return;
        }
        IntVector zero = IntVector.zero(INTS);
        for (int k = 0; k < n; k += lanes) {
            IntVector thr = IntVector.fromArray(INTS, threshold, k);
            IntVector acc = zero;
            long d = first + (k >>> 1);
            for (int b = 0; b < len; b++, d += plane) {
                LongVector z = TWO_LANE_GAMMA.add(d * GAMMA + seed);
                z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(0xBF58476D1CE4E5B9L);
                z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(0x94D049BB133111EBL);
                z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31));
                // little-endian lanes: int 2 l is the low half of draw l, i.e. element k + 2 l
                IntVector u = z.reinterpretAsInts().lanewise(VectorOperators.LSHR, 8);
                acc = acc.lanewise(VectorOperators.OR, 1 << b, u.compare(VectorOperators.LT, thr));
            }
            acc.intoArray(out, k);
        }
    }

    /** The reference of {@link #bernoulliTrains}, draw by draw from position {@code first}. */
    private void bernoulliTrainsScalar(long first, int len, int[] threshold, int n, int[] out) {
        int plane = n >>> 1;
        for (int k = 0; k < n; k++) {
            int bits = 0;
            for (int b = 0; b < len; b++) {
                long z = mix(seed + (first + (long) b * plane + (k >>> 1)) * GAMMA);
                int u = (int) (z >>> (32 * (k & 1))) >>> 8;
                if (u < threshold[k]) {
                    bits |= 1 << b;
                }
            }
            out[k] = bits;
        }
    }

    /** {@link #bernoulliTrains} computed draw by draw (the reference the vector code is tested against). */
    public void bernoulliTrainsScalar(int len, int[] threshold, int n, int[] out) {
        checkTrains(len, n);
        long first = counter + 1;
        counter += (long) len * (n >>> 1);
        bernoulliTrainsScalar(first, len, threshold, n, out);
    }

    private static void checkTrains(int len, int n) {
        if (len < 1 || len > 32) {
            throw new IllegalArgumentException("a short bit train has 1 to 32 bits, got " + len);
        }
        if (n < 0 || n % TRAIN_BLOCK != 0) {
            throw new IllegalArgumentException("trains come in blocks of " + TRAIN_BLOCK + ", got " + n);
        }
    }

    /** Uniform in [0, 1) with 24 random bits. */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform integer in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        return (int) (((nextLong() >>> 33) * bound) >>> 31);
    }

    /** Standard normal by Box-Muller (one value per call, so the sequence has no hidden cached state). */
    public double nextGaussian() {
        double u1 = ((nextLong() >>> 11) + 1) * 0x1.0p-53; // (0, 1]
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** True with probability {@code p}. */
    public boolean bernoulli(double p) {
        return nextDouble() < p;
    }

    /** Fisher-Yates shuffle in place. */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Fills {@code x[off, off+len)} with uniform values in [lo, hi). */
    public void fillUniform(float[] x, int off, int len, float lo, float hi) {
        for (int i = 0; i < len; i++) {
            x[off + i] = lo + (hi - lo) * nextFloat();
        }
    }

    /** Fills {@code x[off, off+len)} with normal values. */
    public void fillNormal(float[] x, int off, int len, float mean, float std) {
        for (int i = 0; i < len; i++) {
            x[off + i] = (float) (mean + std * nextGaussian());
        }
    }

    /**
     * Fills with normal values using up to {@code threads} threads; chunk {@code c} draws from a stream derived from
     * one draw of this generator and {@code c}, so the result is the same for any thread count.
     */
    public void fillNormalParallel(float[] x, int off, int len, float mean, float std, int threads) {
        long key = nextLong();
        int chunks = (len + CHUNK - 1) / CHUNK;
        io.analogcomposer.engine.tensor.Parallel.forRange(chunks, threads, 1, (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                Rng r = new Rng(mix(key ^ mix((c + 1L) * GAMMA)), true);
                int from = c * CHUNK;
                r.fillNormal(x, off + from, Math.min(CHUNK, len - from), mean, std);
            }
        });
    }
}
