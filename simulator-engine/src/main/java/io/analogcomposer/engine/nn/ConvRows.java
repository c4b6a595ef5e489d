package io.analogcomposer.engine.nn;

import io.analogcomposer.engine.tensor.ConvGeometry;

/**
 * The row form of a convolution that multiplies on a crossbar: every output position's receptive field becomes one
 * input row ({@code [batch·positions, C·kh·kw]}), the crossbar's output rows ({@code [batch·positions, outC]}) go back
 * to the channel-major image layout, and the gradients take the reverse way (col2im). Shared by the analog
 * convolutions, inference and in-memory training, which differ only in the crossbar they multiply with. Keeps its
 * buffers between calls.
 */
public final class ConvRows {
    private float[] col = new float[0], rows = new float[0], dyRows = new float[0], dCol = new float[0];

    /**
     * The patch rows of images {@code x} ({@code [batch, C, H, W]} for {@code g}). With {@code fresh} a new array is
     * returned (a crossbar that keeps its input until the optimizer step must not see it overwritten), otherwise a
     * buffer reused by the next call.
     */
    public float[] patchRows(ConvGeometry g, float[] x, int batch, int threads, boolean fresh) {
        int n = batch * g.outH() * g.outW(), k = g.patchSize();
        col = ensure(col, k * n);
        g.im2col(x, 0, batch, col, threads);
        float[] r = fresh ? new float[n * k] : (rows = ensure(rows, n * k));
        transpose(col, k, n, r);
        return r;
    }

    /** Output rows {@code [batch·p, outC]} into the images {@code out [batch, outC, p]}. */
    public static void rowsToChannels(float[] rows, int batch, int p, int outC, float[] out) {
        for (int b = 0; b < batch; b++) {
            for (int q = 0; q < p; q++) {
                int r = (b * p + q) * outC;
                for (int c = 0; c < outC; c++) {
                    out[(b * outC + c) * p + q] = rows[r + c];
                }
            }
        }
    }

    /** The output gradient {@code [batch, outC, p]} as rows {@code [batch·p, outC]} (a reused buffer). */
    public float[] channelsToRows(float[] dy, int batch, int p, int outC) {
        dyRows = ensure(dyRows, batch * p * outC);
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < outC; c++) {
                for (int q = 0; q < p; q++) {
                    dyRows[(b * p + q) * outC + c] = dy[(b * outC + c) * p + q];
                }
            }
        }
        return dyRows;
    }

    /** The input gradient of the images from the gradient of their patch rows {@code [batch·p, C·kh·kw]}. */
    public void rowsToImages(ConvGeometry g, float[] dRows, int batch, float[] gradInput, int threads) {
        int n = batch * g.outH() * g.outW(), k = g.patchSize();
        dCol = ensure(dCol, k * n);
        transpose(dRows, n, k, dCol);
        g.col2im(dCol, 0, batch, gradInput, threads);
    }

    private static float[] ensure(float[] a, int n) {
        return a.length >= n ? a : new float[n];
    }

    /** {@code t = a^T} for {@code a [r, c]}, in cache-sized blocks. */
    static void transpose(float[] a, int r, int c, float[] t) {
        final int blk = 32;
        for (int i0 = 0; i0 < r; i0 += blk) {
            for (int j0 = 0; j0 < c; j0 += blk) {
                int i1 = Math.min(r, i0 + blk), j1 = Math.min(c, j0 + blk);
                for (int i = i0; i < i1; i++) {
                    for (int j = j0; j < j1; j++) {
                        t[j * r + i] = a[i * c + j];
                    }
                }
            }
        }
    }
}
