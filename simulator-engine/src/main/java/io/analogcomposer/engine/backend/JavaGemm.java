package io.analogcomposer.engine.backend;

import io.analogcomposer.engine.tensor.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision GEMM in pure Java with the Vector API: {@code C = alpha * op(A) * op(B) + beta * C}, row-major.
 *
 * <p>
 * Three paths, chosen by shape so small training-step matrices pay no packing or threading overhead: a packed,
 * cache-blocked path (Goto-style) for large products, a direct register-tiled path when B is row-contiguous and small,
 * and a dot-product path for {@code A * B^T} with few rows of A (a linear layer's forward pass on a small batch).
 *
 * <p>
 * Determinism: each element of C is accumulated by the same sequence of fused multiply-adds whatever the thread
 * count, because work is split only along rows or columns of C on tile boundaries, never along K, and horizontal sums
 * are done in a fixed scalar order.
 */
final class JavaGemm {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** Rows of the register tile. */
    static final int MR = 6;
    /** Columns of the register tile: two vectors. */
    static final int NR = 2 * L;
    /**
     * Depth of a packed block: 512 covers the 392-input tiles of a 784-input analog layer in one block, so C is
     * written once instead of read-modified-written per block (−19 % CPU on that product, −8 % on 4000x512x2048,
     * +4 % on 1024³); one A micro-panel (6x512 floats) still fits L1 and the packed B block (KC x NC) stays 2 MB.
     */
    static final int KC = 512;
    static final int MC = 12 * MR;
    static final int NC = 32 * NR;

    private static final class Scratch {
        final float[] ap = new float[MC * KC];
        final float[] bp = new float[KC * NC];
        final float[] tile = new float[MR * NR];
        float[] edge = new float[KC * NR];
        final float[] lanes = new float[L];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private JavaGemm() {
    }

    /** Full GEMM entry; {@code minParallelFlops} is the work below which one thread is used. */
    static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc, int threads,
            long minParallelFlops) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        final int ars = transA ? 1 : lda, aks = transA ? lda : 1;
        final int brs = transB ? 1 : ldb, bcs = transB ? ldb : 1;
        long flops = 2L * m * n * k;
        int tasks = flops < minParallelFlops ? 1 : threads;
        // Dot products re-read all of B for every pair of A rows: worth it only while B stays in cache or A is tiny.
        boolean dotPath = !transA && transB && (m <= 12 || (m <= 32 && (long) n * k <= 256 * 1024));
        boolean directPath = !dotPath && !transB && ((long) k * n <= 128 * 1024 || m <= 64);
        if (tasks == 1) {
            // Single-threaded calls (every small training-step product) go straight in: no lambda, no allocation.
            if (dotPath) {
                dotNT(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            } else if (directPath) {
                direct(m, n, k, alpha, a, aOff, ars, aks, b, bOff, ldb, beta, c, cOff, ldc);
            } else {
                packed(m, n, k, alpha, a, aOff, ars, aks, b, bOff, brs, bcs, beta, c, cOff, ldc);
            }
        } else if (dotPath) {
            Parallel.forRange(n, tasks, 4,
                    (j0, j1) -> dotNT(m, j1 - j0, k, alpha, a, aOff, lda, b, bOff + j0 * ldb, ldb,
                            beta, c, cOff + j0, ldc));
        } else if (directPath) {
            if (m >= n) {
                Parallel.forRange(m, tasks, MR,
                        (i0, i1) -> direct(i1 - i0, n, k, alpha, a, aOff + i0 * ars, ars, aks, b,
                                bOff, ldb, beta, c, cOff + i0 * ldc, ldc));
            } else {
                Parallel.forRange(n, tasks, NR,
                        (j0, j1) -> direct(m, j1 - j0, k, alpha, a, aOff, ars, aks, b, bOff + j0,
                                ldb, beta, c, cOff + j0, ldc));
            }
        } else if (m >= n) {
            Parallel.forRange(m, tasks, MR,
                    (i0, i1) -> packed(i1 - i0, n, k, alpha, a, aOff + i0 * ars, ars, aks, b, bOff,
                            brs, bcs, beta, c, cOff + i0 * ldc, ldc));
        } else {
            Parallel.forRange(n, tasks, NR, (j0, j1) -> packed(m, j1 - j0, k, alpha, a, aOff, ars, aks, b,
                    bOff + j0 * bcs, brs, bcs, beta, c, cOff + j0, ldc));
        }
    }

    static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, row, row + n, 0f);
            } else if (beta != 1f) {
                for (int j = 0; j < n; j++) {
                    c[row + j] *= beta;
                }
            }
        }
    }

    // ---------------------------------------------------------------- packed, cache-blocked path

    static void packed(int m, int n, int k, float alpha, float[] a, int aOff, int ars, int aks, float[] b, int bOff,
            int brs, int bcs, float beta, float[] c, int cOff, int ldc) {
        Scratch s = SCRATCH.get();
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(kc, nc, b, bOff + pc * brs + jc * bcs, brs, bcs, s.bp);
                blockProduct(m, nc, kc, alpha, a, aOff + pc * aks, ars, aks, s.bp, pc == 0 ? beta : 1f, c, cOff + jc,
                        ldc, s);
            }
        }
    }

    /**
     * {@code C[:, block] (beta·C +)= alpha·A[:, kc block]·Bp} for one packed kc x nc block {@code bp} of B, over all m
     * rows of A in blocks of MC.
     */
    private static void blockProduct(int m, int nc, int kc, float alpha, float[] a, int aOff, int ars, int aks,
            float[] bp, float beta, float[] c, int cOff, int ldc, Scratch s) {
        for (int ic = 0; ic < m; ic += MC) {
            int mc = Math.min(MC, m - ic);
            if (aks == 1 && nc <= NR) {
                // one column panel (an analog layer's 10 outputs, say): packing would transpose all of A for a
                // single use, so the micro-kernels read its rows in place (contiguous in k); the same fused
                // multiply-adds in the same order, so the same result. With more panels packing wins (measured:
                // 10000x256x392 +13 % time unpacked, 10000x10x128 -25 %).
                unpackedA(mc, nc, kc, a, aOff + ic * ars, ars, bp, s, c, cOff + ic * ldc, ldc, alpha, beta);
                continue;
            }
            packA(mc, kc, a, aOff + ic * ars, ars, aks, s.ap);
            for (int jr = 0; jr < nc; jr += NR) {
                int nr = Math.min(NR, nc - jr);
                int bpOff = (jr / NR) * kc * NR;
                for (int ir = 0; ir < mc; ir += MR) {
                    int mr = Math.min(MR, mc - ir);
                    int apOff = (ir / MR) * kc * MR;
                    int cIdx = cOff + (ic + ir) * ldc + jr;
                    if (mr == MR && nr == NR) {
                        p6(kc, s.ap, apOff, bp, bpOff, c, cIdx, ldc, alpha, beta);
                    } else {
                        p6(kc, s.ap, apOff, bp, bpOff, s.tile, 0, NR, alpha, 0f);
                        addTile(mr, nr, s.tile, c, cIdx, ldc, beta);
                    }
                }
            }
        }
    }

    /** The inner loops of {@link #blockProduct} over an A block read in place (rows {@code ars} apart). */
    private static void unpackedA(int mc, int nc, int kc, float[] a, int aOff, int ars, float[] bp, Scratch s,
            float[] c, int cOff, int ldc, float alpha, float beta) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int bpOff = (jr / NR) * kc * NR;
            int i = 0;
            while (i < mc) {
                int rows = mc - i >= 6 ? 6 : mc - i >= 4 ? 4 : mc - i >= 2 ? 2 : 1;
                int ai = aOff + i * ars;
                int cIdx = cOff + i * ldc + jr;
                if (nr == NR) {
                    kernel(rows, kc, a, ai, ars, 1, bp, bpOff, NR, c, cIdx, ldc, alpha, beta);
                } else {
                    kernel(rows, kc, a, ai, ars, 1, bp, bpOff, NR, s.tile, 0, NR, alpha, 0f);
                    addTile(rows, nr, s.tile, c, cIdx, ldc, beta);
                }
                i += rows;
            }
        }
    }

    /**
     * op(B) packed once, in the blocks and panels of the packed path, for many products with different A (the row
     * chunks of an analog tile's batch): each {@link #multiply} runs on the calling thread, may run concurrently with
     * others, and gives exactly what {@link #packed} gives for the same rows (same blocks, same order of operations).
     */
    static final class PackedB implements ComputeBackend.FixedB {
        private final int n, k;
        private final float[][] blocks; // [jc block * kBlocks + pc block]

        PackedB(boolean transB, int n, int k, float[] b, int bOff, int ldb) {
            this.n = n;
            this.k = k;
            int brs = transB ? 1 : ldb, bcs = transB ? ldb : 1;
            int nBlocks = (n + NC - 1) / NC, kBlocks = (k + KC - 1) / KC;
            blocks = new float[nBlocks * kBlocks][];
            for (int jb = 0; jb < nBlocks; jb++) {
                int jc = jb * NC, nc = Math.min(NC, n - jc);
                for (int pb = 0; pb < kBlocks; pb++) {
                    int pc = pb * KC, kc = Math.min(KC, k - pc);
                    float[] bp = new float[(nc + NR - 1) / NR * NR * kc];
                    packB(kc, nc, b, bOff + pc * brs + jc * bcs, brs, bcs, bp);
                    blocks[jb * kBlocks + pb] = bp;
                }
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

        @Override
        public void multiply(int m, float alpha, float[] a, int aOff, int lda, float beta, float[] c, int cOff,
                int ldc) {
            if (m == 0 || n == 0) {
                return;
            }
            if (k == 0 || alpha == 0f) {
                scale(m, n, beta, c, cOff, ldc);
                return;
            }
            Scratch s = SCRATCH.get();
            int kBlocks = (k + KC - 1) / KC;
            for (int jc = 0, jb = 0; jc < n; jc += NC, jb++) {
                int nc = Math.min(NC, n - jc);
                for (int pc = 0, pb = 0; pc < k; pc += KC, pb++) {
                    blockProduct(m, nc, Math.min(KC, k - pc), alpha, a, aOff + pc, lda, 1, blocks[jb * kBlocks + pb],
                            pc == 0 ? beta : 1f, c, cOff + jc, ldc, s);
                }
            }
        }
    }

    /** Packs a kc x nc block of op(B) into column panels of NR, k-major, zero-padded. */
    static void packB(int kc, int nc, float[] b, int bOff, int brs, int bcs, float[] bp) {
        int panels = (nc + NR - 1) / NR;
        for (int q = 0; q < panels; q++) {
            int j0 = q * NR;
            int cols = Math.min(NR, nc - j0);
            int dst = q * kc * NR;
            if (bcs == 1) {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + p * brs + j0;
                    int d = dst + p * NR;
                    System.arraycopy(b, src, bp, d, cols);
                    for (int j = cols; j < NR; j++) {
                        bp[d + j] = 0f;
                    }
                }
            } else {
                for (int j = 0; j < NR; j++) {
                    if (j < cols) {
                        int src = bOff + (j0 + j) * bcs;
                        for (int p = 0; p < kc; p++) {
                            bp[dst + p * NR + j] = b[src + p * brs];
                        }
                    } else {
                        for (int p = 0; p < kc; p++) {
                            bp[dst + p * NR + j] = 0f;
                        }
                    }
                }
            }
        }
    }

    /** Packs an mc x kc block of op(A) into row panels of MR, k-major, zero-padded. */
    static void packA(int mc, int kc, float[] a, int aOff, int ars, int aks, float[] ap) {
        int panels = (mc + MR - 1) / MR;
        for (int q = 0; q < panels; q++) {
            int i0 = q * MR;
            int rows = Math.min(MR, mc - i0);
            int dst = q * kc * MR;
            if (ars == 1) {
                for (int p = 0; p < kc; p++) {
                    int src = aOff + i0 + p * aks;
                    int d = dst + p * MR;
                    System.arraycopy(a, src, ap, d, rows);
                    for (int r = rows; r < MR; r++) {
                        ap[d + r] = 0f;
                    }
                }
            } else {
                for (int r = 0; r < MR; r++) {
                    if (r < rows) {
                        int src = aOff + (i0 + r) * ars;
                        for (int p = 0; p < kc; p++) {
                            ap[dst + p * MR + r] = a[src + p * aks];
                        }
                    } else {
                        for (int p = 0; p < kc; p++) {
                            ap[dst + p * MR + r] = 0f;
                        }
                    }
                }
            }
        }
    }

    static void addTile(int mr, int nr, float[] tile, float[] c, int cIdx, int ldc, float beta) {
        for (int r = 0; r < mr; r++) {
            int row = cIdx + r * ldc;
            int t = r * NR;
            if (beta == 0f) {
                System.arraycopy(tile, t, c, row, nr);
            } else {
                for (int j = 0; j < nr; j++) {
                    c[row + j] = c[row + j] * beta + tile[t + j];
                }
            }
        }
    }

    // ---------------------------------------------------------------- direct path (B row-contiguous)

    static void direct(int m, int n, int k, float alpha, float[] a, int aOff, int ars, int aks, float[] b, int bOff,
            int ldb, float beta, float[] c, int cOff, int ldc) {
        Scratch s = null;
        for (int j0 = 0; j0 < n; j0 += NR) {
            int cols = Math.min(NR, n - j0);
            float[] bb = b;
            int bo = bOff + j0;
            int bks = ldb;
            if (cols < NR) {
                // Copy the ragged last column panel into a zero-padded buffer so the kernels need no masks.
                if (s == null) {
                    s = SCRATCH.get();
                }
                if (s.edge.length < k * NR) {
                    s.edge = new float[k * NR];
                }
                bb = s.edge;
                for (int p = 0; p < k; p++) {
                    int d = p * NR;
                    System.arraycopy(b, bOff + p * ldb + j0, bb, d, cols);
                    java.util.Arrays.fill(bb, d + cols, d + NR, 0f);
                }
                bo = 0;
                bks = NR;
            }
            int i = 0;
            while (i < m) {
                int rows = m - i >= 6 ? 6 : m - i >= 4 ? 4 : m - i >= 2 ? 2 : 1;
                int ai = aOff + i * ars;
                if (cols == NR) {
                    int ci = cOff + i * ldc + j0;
                    kernel(rows, k, a, ai, ars, aks, bb, bo, bks, c, ci, ldc, alpha, beta);
                } else {
                    if (s == null) {
                        s = SCRATCH.get();
                    }
                    kernel(rows, k, a, ai, ars, aks, bb, bo, bks, s.tile, 0, NR, alpha, 0f);
                    addTile(rows, cols, s.tile, c, cOff + i * ldc + j0, ldc, beta);
                }
                i += rows;
            }
        }
    }

    private static void kernel(int rows, int kc, float[] a, int aOff, int ars, int aks, float[] b, int bOff, int bks,
            float[] c, int cOff, int ldc, float alpha, float beta) {
        switch (rows) {
            case 6 -> k6(kc, a, aOff, ars, aks, b, bOff, bks, c, cOff, ldc, alpha, beta);
            case 4 -> k4(kc, a, aOff, ars, aks, b, bOff, bks, c, cOff, ldc, alpha, beta);
            case 2 -> k2(kc, a, aOff, ars, aks, b, bOff, bks, c, cOff, ldc, alpha, beta);
            default -> k1(kc, a, aOff, ars, aks, b, bOff, bks, c, cOff, ldc, alpha, beta);
        }
    }

    // ---------------------------------------------------------------- dot-product path for A * B^T, small M

    static void dotNT(int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff, int ldc) {
        float[] lanes = SCRATCH.get().lanes;
        int kv = k - k % L;
        int i = 0;
        for (; i + 2 <= m; i += 2) {
            int a0 = aOff + i * lda, a1 = a0 + lda;
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                int b0 = bOff + j * ldb, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
                FloatVector s00 = FloatVector.zero(S), s01 = FloatVector.zero(S), s02 = FloatVector.zero(S),
                        s03 = FloatVector.zero(S);
                FloatVector s10 = FloatVector.zero(S), s11 = FloatVector.zero(S), s12 = FloatVector.zero(S),
                        s13 = FloatVector.zero(S);
                for (int p = 0; p < kv; p += L) {
                    FloatVector x0 = FloatVector.fromArray(S, a, a0 + p);
                    FloatVector x1 = FloatVector.fromArray(S, a, a1 + p);
                    FloatVector w = FloatVector.fromArray(S, b, b0 + p);
                    s00 = x0.fma(w, s00);
                    s10 = x1.fma(w, s10);
                    w = FloatVector.fromArray(S, b, b1 + p);
                    s01 = x0.fma(w, s01);
                    s11 = x1.fma(w, s11);
                    w = FloatVector.fromArray(S, b, b2 + p);
                    s02 = x0.fma(w, s02);
                    s12 = x1.fma(w, s12);
                    w = FloatVector.fromArray(S, b, b3 + p);
                    s03 = x0.fma(w, s03);
                    s13 = x1.fma(w, s13);
                }
                int c0 = cOff + i * ldc + j, c1 = c0 + ldc;
                s00.intoArray(lanes, 0);
                put(c, c0, sumLanes(lanes, a, a0, b, b0, kv, k), alpha, beta);
                s01.intoArray(lanes, 0);
                put(c, c0 + 1, sumLanes(lanes, a, a0, b, b1, kv, k), alpha, beta);
                s02.intoArray(lanes, 0);
                put(c, c0 + 2, sumLanes(lanes, a, a0, b, b2, kv, k), alpha, beta);
                s03.intoArray(lanes, 0);
                put(c, c0 + 3, sumLanes(lanes, a, a0, b, b3, kv, k), alpha, beta);
                s10.intoArray(lanes, 0);
                put(c, c1, sumLanes(lanes, a, a1, b, b0, kv, k), alpha, beta);
                s11.intoArray(lanes, 0);
                put(c, c1 + 1, sumLanes(lanes, a, a1, b, b1, kv, k), alpha, beta);
                s12.intoArray(lanes, 0);
                put(c, c1 + 2, sumLanes(lanes, a, a1, b, b2, kv, k), alpha, beta);
                s13.intoArray(lanes, 0);
                put(c, c1 + 3, sumLanes(lanes, a, a1, b, b3, kv, k), alpha, beta);
            }
            for (; j < n; j++) {
                int bj = bOff + j * ldb;
                put(c, cOff + i * ldc + j, dot(a, a0, b, bj, k, kv, lanes), alpha, beta);
                put(c, cOff + (i + 1) * ldc + j, dot(a, a1, b, bj, k, kv, lanes), alpha, beta);
            }
        }
        for (; i < m; i++) {
            int ai = aOff + i * lda;
            for (int j = 0; j < n; j++) {
                put(c, cOff + i * ldc + j, dot(a, ai, b, bOff + j * ldb, k, kv, lanes), alpha, beta);
            }
        }
    }

    private static float dot(float[] a, int ai, float[] b, int bi, int k, int kv, float[] lanes) {
        FloatVector s = FloatVector.zero(S);
        for (int p = 0; p < kv; p += L) {
            s = FloatVector.fromArray(S, a, ai + p).fma(FloatVector.fromArray(S, b, bi + p), s);
        }
        s.intoArray(lanes, 0);
        return sumLanes(lanes, a, ai, b, bi, kv, k);
    }

    /**
     * Sums the lanes in a fixed order (not reduceLanes, whose order may differ between interpreter and JIT). The
     * vector is stored by the caller so no vector object crosses a call boundary (which would box it).
     */
    private static float sumLanes(float[] lanes, float[] a, int ai, float[] b, int bi, int kv, int k) {
        float sum = 0f;
        for (int l = 0; l < L; l++) {
            sum += lanes[l];
        }
        for (int p = kv; p < k; p++) {
            sum = Math.fma(a[ai + p], b[bi + p], sum);
        }
        return sum;
    }

    private static void put(float[] c, int idx, float sum, float alpha, float beta) {
        float r = sum * alpha;
        c[idx] = beta == 0f ? r : c[idx] * beta + r;
    }

    // ---- generated register-tiled micro-kernels (one per row count); do not edit by hand ----

    /** Packed 6 x NR tile: panels laid out k-major by the packers, so every index is linear in p. */
    static void p6(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c, int cOff, int ldc, float alpha,
            float beta) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * NR;
            int ai = aOff + p * 6;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector a0 = FloatVector.broadcast(S, ap[ai + 0]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
        }
        if (beta == 0f) {
            c00.mul(alpha).intoArray(c, cOff + 0 * ldc);
            c01.mul(alpha).intoArray(c, cOff + 0 * ldc + L);
            c10.mul(alpha).intoArray(c, cOff + 1 * ldc);
            c11.mul(alpha).intoArray(c, cOff + 1 * ldc + L);
            c20.mul(alpha).intoArray(c, cOff + 2 * ldc);
            c21.mul(alpha).intoArray(c, cOff + 2 * ldc + L);
            c30.mul(alpha).intoArray(c, cOff + 3 * ldc);
            c31.mul(alpha).intoArray(c, cOff + 3 * ldc + L);
            c40.mul(alpha).intoArray(c, cOff + 4 * ldc);
            c41.mul(alpha).intoArray(c, cOff + 4 * ldc + L);
            c50.mul(alpha).intoArray(c, cOff + 5 * ldc);
            c51.mul(alpha).intoArray(c, cOff + 5 * ldc + L);
        } else {
            FloatVector.fromArray(S, c, cOff + 0 * ldc).mul(beta).add(c00.mul(alpha)).intoArray(c,
                    cOff + 0 * ldc);
            FloatVector.fromArray(S, c, cOff + 0 * ldc + L).mul(beta).add(c01.mul(alpha)).intoArray(c,
                    cOff + 0 * ldc + L);
            FloatVector.fromArray(S, c, cOff + 1 * ldc).mul(beta).add(c10.mul(alpha)).intoArray(c,
                    cOff + 1 * ldc);
            FloatVector.fromArray(S, c, cOff + 1 * ldc + L).mul(beta).add(c11.mul(alpha)).intoArray(c,
                    cOff + 1 * ldc + L);
            FloatVector.fromArray(S, c, cOff + 2 * ldc).mul(beta).add(c20.mul(alpha)).intoArray(c,
                    cOff + 2 * ldc);
            FloatVector.fromArray(S, c, cOff + 2 * ldc + L).mul(beta).add(c21.mul(alpha)).intoArray(c,
                    cOff + 2 * ldc + L);
            FloatVector.fromArray(S, c, cOff + 3 * ldc).mul(beta).add(c30.mul(alpha)).intoArray(c,
                    cOff + 3 * ldc);
            FloatVector.fromArray(S, c, cOff + 3 * ldc + L).mul(beta).add(c31.mul(alpha)).intoArray(c,
                    cOff + 3 * ldc + L);
            FloatVector.fromArray(S, c, cOff + 4 * ldc).mul(beta).add(c40.mul(alpha)).intoArray(c,
                    cOff + 4 * ldc);
            FloatVector.fromArray(S, c, cOff + 4 * ldc + L).mul(beta).add(c41.mul(alpha)).intoArray(c,
                    cOff + 4 * ldc + L);
            FloatVector.fromArray(S, c, cOff + 5 * ldc).mul(beta).add(c50.mul(alpha)).intoArray(c,
                    cOff + 5 * ldc);
            FloatVector.fromArray(S, c, cOff + 5 * ldc + L).mul(beta).add(c51.mul(alpha)).intoArray(c,
                    cOff + 5 * ldc + L);
        }
    }

    /** 6-row by NR-column tile over strided A and row-contiguous B. */
    static void k6(int kc, float[] a, int aOff, int ars, int aks, float[] b, int bOff, int bks, float[] c, int cOff,
            int ldc, float alpha, float beta) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        final int o1 = 1 * ars;
        final int o2 = 2 * ars;
        final int o3 = 3 * ars;
        final int o4 = 4 * ars;
        final int o5 = 5 * ars;
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * aks;
            int bi = bOff + p * bks;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector a0 = FloatVector.broadcast(S, a[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[ai + o1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[ai + o2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[ai + o3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, a[ai + o4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, a[ai + o5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
        }
        if (beta == 0f) {
            c00.mul(alpha).intoArray(c, cOff + 0 * ldc);
            c01.mul(alpha).intoArray(c, cOff + 0 * ldc + L);
            c10.mul(alpha).intoArray(c, cOff + 1 * ldc);
            c11.mul(alpha).intoArray(c, cOff + 1 * ldc + L);
            c20.mul(alpha).intoArray(c, cOff + 2 * ldc);
            c21.mul(alpha).intoArray(c, cOff + 2 * ldc + L);
            c30.mul(alpha).intoArray(c, cOff + 3 * ldc);
            c31.mul(alpha).intoArray(c, cOff + 3 * ldc + L);
            c40.mul(alpha).intoArray(c, cOff + 4 * ldc);
            c41.mul(alpha).intoArray(c, cOff + 4 * ldc + L);
            c50.mul(alpha).intoArray(c, cOff + 5 * ldc);
            c51.mul(alpha).intoArray(c, cOff + 5 * ldc + L);
        } else {
            FloatVector.fromArray(S, c, cOff + 0 * ldc).mul(beta).add(c00.mul(alpha)).intoArray(c,
                    cOff + 0 * ldc);
            FloatVector.fromArray(S, c, cOff + 0 * ldc + L).mul(beta).add(c01.mul(alpha)).intoArray(c,
                    cOff + 0 * ldc + L);
            FloatVector.fromArray(S, c, cOff + 1 * ldc).mul(beta).add(c10.mul(alpha)).intoArray(c,
                    cOff + 1 * ldc);
            FloatVector.fromArray(S, c, cOff + 1 * ldc + L).mul(beta).add(c11.mul(alpha)).intoArray(c,
                    cOff + 1 * ldc + L);
            FloatVector.fromArray(S, c, cOff + 2 * ldc).mul(beta).add(c20.mul(alpha)).intoArray(c,
                    cOff + 2 * ldc);
            FloatVector.fromArray(S, c, cOff + 2 * ldc + L).mul(beta).add(c21.mul(alpha)).intoArray(c,
                    cOff + 2 * ldc + L);
            FloatVector.fromArray(S, c, cOff + 3 * ldc).mul(beta).add(c30.mul(alpha)).intoArray(c,
                    cOff + 3 * ldc);
            FloatVector.fromArray(S, c, cOff + 3 * ldc + L).mul(beta).add(c31.mul(alpha)).intoArray(c,
                    cOff + 3 * ldc + L);
            FloatVector.fromArray(S, c, cOff + 4 * ldc).mul(beta).add(c40.mul(alpha)).intoArray(c,
                    cOff + 4 * ldc);
            FloatVector.fromArray(S, c, cOff + 4 * ldc + L).mul(beta).add(c41.mul(alpha)).intoArray(c,
                    cOff + 4 * ldc + L);
            FloatVector.fromArray(S, c, cOff + 5 * ldc).mul(beta).add(c50.mul(alpha)).intoArray(c,
                    cOff + 5 * ldc);
            FloatVector.fromArray(S, c, cOff + 5 * ldc + L).mul(beta).add(c51.mul(alpha)).intoArray(c,
                    cOff + 5 * ldc + L);
        }
    }

    /** 4-row by NR-column tile over strided A and row-contiguous B. */
    static void k4(int kc, float[] a, int aOff, int ars, int aks, float[] b, int bOff, int bks, float[] c, int cOff,
            int ldc, float alpha, float beta) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        final int o1 = 1 * ars;
        final int o2 = 2 * ars;
        final int o3 = 3 * ars;
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * aks;
            int bi = bOff + p * bks;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector a0 = FloatVector.broadcast(S, a[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[ai + o1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[ai + o2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[ai + o3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
        }
        if (beta == 0f) {
            c00.mul(alpha).intoArray(c, cOff + 0 * ldc);
            c01.mul(alpha).intoArray(c, cOff + 0 * ldc + L);
            c10.mul(alpha).intoArray(c, cOff + 1 * ldc);
            c11.mul(alpha).intoArray(c, cOff + 1 * ldc + L);
            c20.mul(alpha).intoArray(c, cOff + 2 * ldc);
            c21.mul(alpha).intoArray(c, cOff + 2 * ldc + L);
            c30.mul(alpha).intoArray(c, cOff + 3 * ldc);
            c31.mul(alpha).intoArray(c, cOff + 3 * ldc + L);
        } else {
            FloatVector.fromArray(S, c, cOff + 0 * ldc).mul(beta).add(c00.mul(alpha)).intoArray(c,
                    cOff + 0 * ldc);
            FloatVector.fromArray(S, c, cOff + 0 * ldc + L).mul(beta).add(c01.mul(alpha)).intoArray(c,
                    cOff + 0 * ldc + L);
            FloatVector.fromArray(S, c, cOff + 1 * ldc).mul(beta).add(c10.mul(alpha)).intoArray(c,
                    cOff + 1 * ldc);
            FloatVector.fromArray(S, c, cOff + 1 * ldc + L).mul(beta).add(c11.mul(alpha)).intoArray(c,
                    cOff + 1 * ldc + L);
            FloatVector.fromArray(S, c, cOff + 2 * ldc).mul(beta).add(c20.mul(alpha)).intoArray(c,
                    cOff + 2 * ldc);
            FloatVector.fromArray(S, c, cOff + 2 * ldc + L).mul(beta).add(c21.mul(alpha)).intoArray(c,
                    cOff + 2 * ldc + L);
            FloatVector.fromArray(S, c, cOff + 3 * ldc).mul(beta).add(c30.mul(alpha)).intoArray(c,
                    cOff + 3 * ldc);
            FloatVector.fromArray(S, c, cOff + 3 * ldc + L).mul(beta).add(c31.mul(alpha)).intoArray(c,
                    cOff + 3 * ldc + L);
        }
    }

    /** 2-row by NR-column tile over strided A and row-contiguous B. */
    static void k2(int kc, float[] a, int aOff, int ars, int aks, float[] b, int bOff, int bks, float[] c, int cOff,
            int ldc, float alpha, float beta) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        final int o1 = 1 * ars;
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * aks;
            int bi = bOff + p * bks;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector a0 = FloatVector.broadcast(S, a[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[ai + o1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
        }
        if (beta == 0f) {
            c00.mul(alpha).intoArray(c, cOff + 0 * ldc);
            c01.mul(alpha).intoArray(c, cOff + 0 * ldc + L);
            c10.mul(alpha).intoArray(c, cOff + 1 * ldc);
            c11.mul(alpha).intoArray(c, cOff + 1 * ldc + L);
        } else {
            FloatVector.fromArray(S, c, cOff + 0 * ldc).mul(beta).add(c00.mul(alpha)).intoArray(c,
                    cOff + 0 * ldc);
            FloatVector.fromArray(S, c, cOff + 0 * ldc + L).mul(beta).add(c01.mul(alpha)).intoArray(c,
                    cOff + 0 * ldc + L);
            FloatVector.fromArray(S, c, cOff + 1 * ldc).mul(beta).add(c10.mul(alpha)).intoArray(c,
                    cOff + 1 * ldc);
            FloatVector.fromArray(S, c, cOff + 1 * ldc + L).mul(beta).add(c11.mul(alpha)).intoArray(c,
                    cOff + 1 * ldc + L);
        }
    }

    /** 1-row by NR-column tile over strided A and row-contiguous B. */
    static void k1(int kc, float[] a, int aOff, int ars, int aks, float[] b, int bOff, int bks, float[] c, int cOff,
            int ldc, float alpha, float beta) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * aks;
            int bi = bOff + p * bks;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector a0 = FloatVector.broadcast(S, a[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
        }
        if (beta == 0f) {
            c00.mul(alpha).intoArray(c, cOff + 0 * ldc);
            c01.mul(alpha).intoArray(c, cOff + 0 * ldc + L);
        } else {
            FloatVector.fromArray(S, c, cOff + 0 * ldc).mul(beta).add(c00.mul(alpha)).intoArray(c,
                    cOff + 0 * ldc);
            FloatVector.fromArray(S, c, cOff + 0 * ldc + L).mul(beta).add(c01.mul(alpha)).intoArray(c,
                    cOff + 0 * ldc + L);
        }
    }

}
