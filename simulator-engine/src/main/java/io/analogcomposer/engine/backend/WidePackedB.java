package io.analogcomposer.engine.backend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A fixed B ({@link ComputeBackend#fixedB}) packed in panels four vectors wide, multiplied by a 6 x 4-vector register
 * tile: the product of an analog tile's weights with the row chunks of its batch. With 32 vector registers (AVX-512)
 * the 24 accumulators fit, and each broadcast of an A element feeds four fused multiply-adds instead of two: measured
 * +15 % throughput over {@link JavaGemm#p6} on the 392-deep, 256-wide tiles of the benchmark MLP (125 → 144 GFLOPS of
 * thread CPU time on one core).
 *
 * <p>
 * Same results as {@link JavaGemm.PackedB} bit for bit: every element of C is the same chain of fused multiply-adds
 * over the same depth blocks of {@link JavaGemm#KC} in the same order, then the same scaling by alpha and beta. Used
 * only when the panels divide the output width exactly (an analog tile's 256 or 128 outputs) and the machine has
 * 512-bit vectors; {@link JavaBackend#fixedB} picks {@link JavaGemm.PackedB} otherwise.
 */
final class WidePackedB implements ComputeBackend.FixedB {
    private static final VectorSpecies<Float> S = JavaGemm.S;
    private static final int L = JavaGemm.L;
    /** Rows of the register tile (as the packed A panels of {@link JavaGemm#packA}). */
    private static final int MR = JavaGemm.MR;
    /** Columns of the register tile and of a packed B panel: four vectors. */
    static final int NW = 4 * L;
    private static final int KC = JavaGemm.KC;
    /** Rows of A packed at a time: 32 panels of 6 (a 192-row chunk of a tile's batch) stay in L2 next to B's panel. */
    private static final int MC = 32 * MR;

    private final int n, k;
    /** One packed depth block per {@link #KC} of k, each {@code n / NW} panels of {@code kc x NW}, k-major. */
    private final float[][] blocks;

    /** Whether {@code n} outputs can use this layout on this machine. */
    static boolean fits(int n) {
        return S.vectorBitSize() >= 512 && n > 0 && n % NW == 0;
    }

    WidePackedB(boolean transB, int n, int k, float[] b, int bOff, int ldb) {
        if (!fits(n)) {
            throw new IllegalArgumentException("wide panels need n a multiple of " + NW + ", got " + n);
        }
        this.n = n;
        this.k = k;
        int brs = transB ? 1 : ldb, bcs = transB ? ldb : 1;
        int kBlocks = (k + KC - 1) / KC;
        blocks = new float[kBlocks][];
        for (int pb = 0; pb < kBlocks; pb++) {
            int pc = pb * KC, kc = Math.min(KC, k - pc);
            float[] bp = new float[n * kc];
            for (int q = 0; q < n / NW; q++) {
                if (brs == 1) { // B transposed (an analog tile's weights): read each row of b along its length
                    for (int j = 0; j < NW; j++) {
                        int src = bOff + pc + (q * NW + j) * bcs, dst = q * kc * NW + j;
                        for (int p = 0; p < kc; p++) {
                            bp[dst + p * NW] = b[src + p];
                        }
                    }
                    continue;
                }
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (pc + p) * brs + q * NW * bcs, dst = (q * kc + p) * NW;
                    for (int j = 0; j < NW; j++) {
                        bp[dst + j] = b[src + j * bcs];
                    }
                }
            }
            blocks[pb] = bp;
        }
    }

    @Override
    public int n() {
        return n;
    }

    @Override
    public int k() {
        return k;
    }

    /** Per-thread packed A block and edge tile. */
    private static final class Scratch {
        final float[] ap = new float[MC * KC];
        final float[] tile = new float[MR * NW];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    @Override
    public void multiply(int m, float alpha, float[] a, int aOff, int lda, float beta, float[] c, int cOff, int ldc) {
        if (m == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            JavaGemm.scale(m, n, beta, c, cOff, ldc);
            return;
        }
        Scratch s = SCRATCH.get();
        for (int pb = 0, pc = 0; pc < k; pb++, pc += KC) {
            int kc = Math.min(KC, k - pc);
            float bt = pc == 0 ? beta : 1f;
            float[] bp = blocks[pb];
            for (int ic = 0; ic < m; ic += MC) {
                int mc = Math.min(MC, m - ic);
                JavaGemm.packA(mc, kc, a, aOff + ic * lda + pc, lda, 1, s.ap);
                for (int jr = 0; jr < n; jr += NW) {
                    int bpOff = (jr / NW) * kc * NW;
                    for (int ir = 0; ir < mc; ir += MR) {
                        int mr = Math.min(MR, mc - ir);
                        int apOff = (ir / MR) * kc * MR;
                        int cIdx = cOff + (ic + ir) * ldc + jr;
                        if (mr == MR && bt == 0f) {
                            w6(kc, s.ap, apOff, bp, bpOff, c, cIdx, ldc, alpha);
                        } else {
                            w6(kc, s.ap, apOff, bp, bpOff, s.tile, 0, NW, alpha);
                            addTile(mr, s.tile, c, cIdx, ldc, bt);
                        }
                    }
                }
            }
        }
    }

    /**
     * The first {@code mr} rows of a tile into C: a copy, or {@code beta·C + tile} with the same float operations as
     * {@link JavaGemm#p6}'s accumulating store.
     */
    private static void addTile(int mr, float[] tile, float[] c, int cIdx, int ldc, float beta) {
        for (int r = 0; r < mr; r++) {
            int row = cIdx + r * ldc, t = r * NW;
            if (beta == 0f) {
                System.arraycopy(tile, t, c, row, NW);
            } else {
                for (int j = 0; j < NW; j++) {
                    c[row + j] = c[row + j] * beta + tile[t + j];
                }
            }
        }
    }

    /** Packed 6 x NW tile: A panels k-major by 6, B panels k-major by NW. */
    static void w6(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c, int cOff, int ldc, float alpha) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S);
        FloatVector c03 = FloatVector.zero(S), c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c12 = FloatVector.zero(S), c13 = FloatVector.zero(S), c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c23 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S);
        FloatVector c33 = FloatVector.zero(S), c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c42 = FloatVector.zero(S), c43 = FloatVector.zero(S), c50 = FloatVector.zero(S);
        FloatVector c51 = FloatVector.zero(S), c52 = FloatVector.zero(S), c53 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * NW, ai = aOff + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi), b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, bp, bi + 2 * L), b3 = FloatVector.fromArray(S, bp, bi + 3 * L);
            FloatVector a = FloatVector.broadcast(S, ap[ai]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            c02 = a.fma(b2, c02);
            c03 = a.fma(b3, c03);
            a = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            c12 = a.fma(b2, c12);
            c13 = a.fma(b3, c13);
            a = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            c22 = a.fma(b2, c22);
            c23 = a.fma(b3, c23);
            a = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            c32 = a.fma(b2, c32);
            c33 = a.fma(b3, c33);
            a = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            c42 = a.fma(b2, c42);
            c43 = a.fma(b3, c43);
            a = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            c52 = a.fma(b2, c52);
            c53 = a.fma(b3, c53);
        }
        // C = alpha·acc only: the beta form lives in addTile (same float operations), since a second set of
        // stores makes the method too large for C1 ("out of virtual registers") and leaves it unoptimised;
        // stores are written out because a helper taking the accumulators would not be inlined and would box them
        c00.mul(alpha).intoArray(c, cOff);
        c01.mul(alpha).intoArray(c, cOff + L);
        c02.mul(alpha).intoArray(c, cOff + 2 * L);
        c03.mul(alpha).intoArray(c, cOff + 3 * L);
        c10.mul(alpha).intoArray(c, cOff + ldc);
        c11.mul(alpha).intoArray(c, cOff + ldc + L);
        c12.mul(alpha).intoArray(c, cOff + ldc + 2 * L);
        c13.mul(alpha).intoArray(c, cOff + ldc + 3 * L);
        c20.mul(alpha).intoArray(c, cOff + 2 * ldc);
        c21.mul(alpha).intoArray(c, cOff + 2 * ldc + L);
        c22.mul(alpha).intoArray(c, cOff + 2 * ldc + 2 * L);
        c23.mul(alpha).intoArray(c, cOff + 2 * ldc + 3 * L);
        c30.mul(alpha).intoArray(c, cOff + 3 * ldc);
        c31.mul(alpha).intoArray(c, cOff + 3 * ldc + L);
        c32.mul(alpha).intoArray(c, cOff + 3 * ldc + 2 * L);
        c33.mul(alpha).intoArray(c, cOff + 3 * ldc + 3 * L);
        c40.mul(alpha).intoArray(c, cOff + 4 * ldc);
        c41.mul(alpha).intoArray(c, cOff + 4 * ldc + L);
        c42.mul(alpha).intoArray(c, cOff + 4 * ldc + 2 * L);
        c43.mul(alpha).intoArray(c, cOff + 4 * ldc + 3 * L);
        c50.mul(alpha).intoArray(c, cOff + 5 * ldc);
        c51.mul(alpha).intoArray(c, cOff + 5 * ldc + L);
        c52.mul(alpha).intoArray(c, cOff + 5 * ldc + 2 * L);
        c53.mul(alpha).intoArray(c, cOff + 5 * ldc + 3 * L);
    }
}
