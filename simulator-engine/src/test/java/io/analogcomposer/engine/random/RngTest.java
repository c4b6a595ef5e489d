package io.analogcomposer.engine.random;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RngTest {
    @Test
    void sameSeedSameSequenceAndDifferentSeedsDiffer() {
        Rng a = new Rng(42), b = new Rng(42), c = new Rng(43);
        long[] sa = new long[100], sb = new long[100], sc = new long[100];
        for (int i = 0; i < 100; i++) {
            sa[i] = a.nextLong();
            sb[i] = b.nextLong();
            sc[i] = c.nextLong();
        }
        assertThat(sa).containsExactly(sb);
        assertThat(sa).isNotEqualTo(sc);
    }

    @Test
    void splitStreamsDependOnlyOnSeedAndStreamId() {
        Rng a = new Rng(7);
        Rng s1 = a.split(3);
        a.nextLong(); // using the parent must not change what a split gives
        Rng s2 = a.split(3);
        assertThat(s1.nextLong()).isEqualTo(s2.nextLong());
        assertThat(new Rng(7).split(3).nextLong()).isNotEqualTo(new Rng(7).split(4).nextLong());
    }

    @Test
    void parallelNormalFillIsIdenticalForOneAndTwoThreads() {
        float[] x1 = new float[50_000], x2 = new float[50_000];
        new Rng(5).fillNormalParallel(x1, 0, x1.length, 0f, 1f, 1);
        new Rng(5).fillNormalParallel(x2, 0, x2.length, 0f, 1f, 2);
        assertThat(x2).containsExactly(x1);
    }

    @Test
    void distributionsHaveTheRightMoments() {
        Rng r = new Rng(11);
        int n = 200_000;
        double sum = 0, sq = 0, u = 0;
        int ones = 0;
        for (int i = 0; i < n; i++) {
            double g = r.nextGaussian();
            sum += g;
            sq += g * g;
            u += r.nextFloat();
            ones += r.bernoulli(0.3) ? 1 : 0;
        }
        assertThat(sum / n).isBetween(-0.01, 0.01);
        assertThat(sq / n).isBetween(0.98, 1.02);
        assertThat(u / n).isBetween(0.497, 0.503);
        assertThat((double) ones / n).isBetween(0.295, 0.305);
        for (int i = 0; i < 1000; i++) {
            assertThat(r.nextInt(7)).isBetween(0, 6);
        }
    }
    @Test
    void bitsBelowAreTheFieldsOfTheSameDrawsTestedOneByOne() {
        // the vectorized train of the pulsed update must give the bits (and consume the draws) of the plain loop
        Rng fast = new Rng(11), plain = new Rng(11), pick = new Rng(12);
        for (int trial = 0; trial < 5000; trial++) {
            int len = 1 + pick.nextInt(64);
            long thr = switch (trial % 5) {
                case 0 -> 0;
                case 1 -> 65536;
                case 2 -> 1 + pick.nextInt(65535);
                case 3 -> 32768;
                default -> 1 + pick.nextInt(300);
            };
            long expected = 0;
            for (int bit = 0; bit < len; bit += 4) {
                long r = plain.nextLong();
                for (int q = 0; q < Math.min(4, len - bit); q++) {
                    if (((r >>> (16 * q)) & 0xFFFFL) < thr) {
                        expected |= 1L << (bit + q);
                    }
                }
            }
            assertThat(fast.bitsBelow(len, thr)).as("len %d, threshold %d", len, thr).isEqualTo(expected);
            assertThat(fast.position()).isEqualTo(plain.position());
        }
        assertThat(fast.nextLong()).isEqualTo(plain.nextLong());
    }

    @Test
    void manyTrainsAtOnceAreTheTrainsOneByOne() {
        // the pulsed update draws a sample's trains in one call: same bits and same draws consumed as calls in order
        Rng pick = new Rng(21);
        for (int len : new int[]{1, 5, 31, 32, 33, 64}) {
            Rng batch = new Rng(31), single = new Rng(31);
            int n = 300;
            long[] thr = new long[n], out = new long[n];
            int[] which = new int[n];
            int m = 0;
            for (int k = 0; k < n; k++) {
                thr[k] = switch (k % 5) {
                    case 0 -> 0;
                    case 1 -> 65536;
                    case 2 -> 1 + pick.nextInt(65535);
                    default -> 1 + pick.nextInt(300);
                };
                if (k % 7 != 3) {
                    which[m++] = k; // some trains left out, as the update leaves out values of zero
                }
            }
            batch.bitsBelow(len, thr, which, m, out);
            for (int e = 0; e < m; e++) {
                assertThat(out[which[e]]).as("len %d, train %d", len, which[e])
                        .isEqualTo(single.bitsBelow(len, thr[which[e]]));
            }
            assertThat(batch.position()).isEqualTo(single.position());
        }
    }

    @Test
    void shortTrainsOfManyElementsAreTheScalarReference() {
        // the vector code of bernoulliTrains gives the bits, and consumes the draws, of the draw-by-draw definition
        Rng data = new Rng(3);
        for (int len : new int[]{1, 2, 5, 8, 17, 32}) {
            for (int n : new int[]{16, 48, 400}) {
                int[] thr = new int[n];
                for (int k = 0; k < n; k++) {
                    int kind = data.nextInt(5);
                    thr[k] = kind == 0 ? 0 : kind == 1 ? 1 << 24 : data.nextInt(1 << 24);
                }
                Rng a = new Rng(len * 1000L + n), b = new Rng(len * 1000L + n);
                a.nextLong(); // not at position 0: the draws of a call start where the generator stands
                b.nextLong();
                int[] fast = new int[n], slow = new int[n];
                a.bernoulliTrains(len, thr, n, fast);
                b.bernoulliTrainsScalar(len, thr, n, slow);
                assertThat(fast).as("len %d, n %d", len, n).isEqualTo(slow);
                assertThat(a.position()).isEqualTo(b.position()).isEqualTo(1 + (long) len * n / 2);
                assertThat(a.nextLong()).isEqualTo(b.nextLong());
            }
        }
    }

    @Test
    void shortTrainBitsAreIndependentWithTheirThresholdsProbability() {
        // each bit is set with probability threshold / 2^24, never at 0, always at 2^24; bits of one train and of
        // neighbouring elements (which share a draw) are uncorrelated
        double[] p = {0, 0.001, 0.05, 0.3, 0.5, 0.77, 0.999, 1, 0.3, 0.3, 0.05, 0.5, 0.5, 0.9, 0.1, 0.6};
        int n = p.length, len = 8, trials = 40_000;
        int[] thr = new int[n];
        for (int k = 0; k < n; k++) {
            thr[k] = (int) Math.round(p[k] * (1 << 24));
        }
        long[] set = new long[n];
        long bothInTrain = 0, bothNeighbours = 0; // bits 0 and 1 of element 3; bit 0 of elements 8 and 9
        int[] out = new int[n];
        Rng r = new Rng(99);
        for (int t = 0; t < trials; t++) {
            r.bernoulliTrains(len, thr, n, out);
            for (int k = 0; k < n; k++) {
                set[k] += Integer.bitCount(out[k]);
            }
            bothInTrain += (out[3] & 3) == 3 ? 1 : 0;
            bothNeighbours += (out[8] & out[9] & 1);
        }
        for (int k = 0; k < n; k++) {
            double bits = (double) trials * len, mean = set[k] / bits;
            double se = Math.sqrt(p[k] * (1 - p[k]) / bits);
            assertThat(mean).as("element %d, p %s", k, p[k]).isCloseTo(p[k], org.assertj.core.data.Offset.offset(5 * se
                    + 1e-12));
        }
        double pp = 0.09, se = Math.sqrt(pp * (1 - pp) / trials);
        assertThat(bothInTrain / (double) trials).as("two bits of one train").isCloseTo(pp,
                org.assertj.core.data.Offset.offset(5 * se));
        assertThat(bothNeighbours / (double) trials).as("bits of two elements sharing a draw").isCloseTo(pp,
                org.assertj.core.data.Offset.offset(5 * se));
        assertThat(set[0]).isZero();
        assertThat(set[7]).isEqualTo((long) trials * len);
    }
}
