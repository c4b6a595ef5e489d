package io.analogcomposer.engine.analog.update;

import io.analogcomposer.engine.nn.ConvRows;
import io.analogcomposer.engine.tensor.ConvGeometry;
import java.util.Arrays;

/**
 * A convolution's patch rows for its in-memory update, gathered again from a copy of the layer's input images instead
 * of kept from the forward pass: for VGG8 at batch 128 the rows were 480 MB over its six layers, their images 53 MB.
 * Row {@code b·p + y·outW + x} is the receptive field of output pixel (y, x) of image {@code b}, in the order
 * (channel, kernel row, kernel column), zero where the window covers padding: the same values
 * {@link io.analogcomposer.engine.nn.ConvRows#patchRows} gathers for the forward.
 */
final class PatchRowSource implements UpdateRows {
    private ConvGeometry g;
    private float[] images = new float[0];
    private int rows;

    /** Keeps a copy of images {@code x [batch, C, H, W]} of geometry {@code g} (the buffer is reused). */
    void keep(ConvGeometry geometry, float[] x, int batch) {
        int n = batch * geometry.channels() * geometry.height() * geometry.width();
        if (images.length < n) {
            images = new float[n];
        }
        System.arraycopy(x, 0, images, 0, n);
        g = geometry;
        rows = batch * geometry.outH() * geometry.outW();
    }

    /** Reads images {@code x} in place (a forward that is not the update's: nothing to keep). */
    void view(ConvGeometry geometry, float[] x, int batch) {
        images = x;
        g = geometry;
        rows = batch * geometry.outH() * geometry.outW();
    }

    @Override
    public void fill(int from, int to, int col, int cols, float[] dst) {
        if (from < 0 || to > rows || col < 0 || col + cols > g.patchSize()) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + to + ") columns [" + col + ", " + (col + cols)
                    + ") of " + rows + " patch rows of " + g.patchSize());
        }
        final int ow = g.outW(), p = g.outH() * ow, h = g.height(), w = g.width(), kh = g.kernelH(),
                kw = g.kernelW();
        if (col == 0 && cols == g.patchSize() && from % p == 0 && to % p == 0) {
            // whole rows of whole images (every forward block): the vectorised gather of the forward pass
            ConvRows.imageRows(g, images, from / p, (to - from) / p, dst);
            return;
        }
        final int plane = h * w, khw = kh * kw, ch = g.channels(), end = col + cols;
        final int sh = g.strideH(), sw = g.strideW(), ph = g.padH(), pw = g.padW(), dh = g.dilationH(),
                dw = g.dilationW();
        final int c0 = col / khw, c1 = (end - 1) / khw;
        final float[] x = images;
        for (int q = from; q < to; q++) {
            int b = q / p, pos = q - b * p, y = pos / ow, xo = pos - y * ow;
            int img = b * ch * plane, iw0 = xo * sw - pw, ih0 = y * sh - ph;
            boolean inside = iw0 >= 0 && iw0 + (kw - 1) * dw < w;
            int base = (q - from) * cols - col; // dst index of patch column 0 of this row
            for (int c = c0; c <= c1; c++) {
                int cBase = img + c * plane;
                for (int ki = 0; ki < kh; ki++) {
                    int i0 = (c * kh + ki) * kw;
                    int j0 = Math.max(0, col - i0), j1 = Math.min(kw, end - i0);
                    if (j0 >= j1) {
                        continue;
                    }
                    int d = base + i0, ih = ih0 + ki * dh;
                    if (ih < 0 || ih >= h) {
                        Arrays.fill(dst, d + j0, d + j1, 0f);
                        continue;
                    }
                    int s = cBase + ih * w + iw0;
                    if (inside) {
                        for (int kj = j0; kj < j1; kj++) {
                            dst[d + kj] = x[s + kj * dw];
                        }
                    } else {
                        for (int kj = j0; kj < j1; kj++) {
                            int iw = iw0 + kj * dw;
                            dst[d + kj] = iw >= 0 && iw < w ? x[s + kj * dw] : 0f;
                        }
                    }
                }
            }
        }
    }
}
