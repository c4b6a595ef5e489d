package io.analogcomposer.engine.nn;

import io.analogcomposer.engine.tensor.ConvGeometry;
import io.analogcomposer.engine.tensor.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The row form of a convolution that multiplies on a crossbar: every output position's receptive field becomes one
 * input row ({@code [batch·positions, C·kh·kw]}), the crossbar's output rows ({@code [batch·positions, outC]}) go back
 * to the channel-major image layout, and the gradients take the reverse way (col2im). Shared by the analog
 * convolutions, inference and in-memory training, which differ only in the crossbar they multiply with. Keeps its
 * buffers between calls.
 *
 * <p>
 * The rows are gathered from and scattered into the images directly: going through the column layout of
 * {@link ConvGeometry#im2col} and transposing cost more than the crossbar's multiplication on LeNet-sized layers
 * (strided writes over a matrix of megabytes). The scatter adds each pixel's contributions in the order
 * {@link ConvGeometry#col2im} does (kernel row, kernel column), so the gradients are the same bits.
 */
public final class ConvRows {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** 128-bit vectors, for runs shorter than the preferred vector (a 5-wide kernel row). */
    private static final VectorSpecies<Float> S4 = FloatVector.SPECIES_128;
    private static final int L4 = S4.length();
    private float[] rows = new float[0], dyRows = new float[0];

    /**
     * The patch rows of images {@code x} ({@code [batch, C, H, W]} for {@code g}). With {@code fresh} a new array is
     * returned (a crossbar that keeps its input until the optimizer step must not see it overwritten), otherwise a
     * buffer reused by the next call.
     */
    public float[] patchRows(ConvGeometry g, float[] x, int batch, int threads, boolean fresh) {
        int n = batch * g.outH() * g.outW(), k = g.patchSize();
        return patchRows(g, x, batch, threads, fresh ? new float[n * k] : (rows = ensure(rows, n * k)));
    }

    /** The patch rows of images {@code x} written into {@code r} (at least {@code [batch·positions, C·kh·kw]}). */
    public static float[] patchRows(ConvGeometry g, float[] x, int batch, int threads, float[] r) {
        Parallel.forRange(batch, threads, 1, (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                gather(g, x, b, b, r);
            }
        });
        return r;
    }

    /**
     * The patch rows of images {@code [first, first + images)} of {@code x}, written into {@code r} from index 0 (a
     * block of a pass that gathers a few images at a time).
     */
    public static void imageRows(ConvGeometry g, float[] x, int first, int images, float[] r) {
        for (int i = 0; i < images; i++) {
            gather(g, x, first + i, i, r);
        }
    }

    /**
     * The rows of image {@code b}, written as image {@code at} of {@code r}: row {@code at·p + y·outW + x} holds the
     * window at output pixel (y, x).
     */
    private static void gather(ConvGeometry g, float[] x, int b, int at, float[] r) {
        final int oh = g.outH(), ow = g.outW(), h = g.height(), w = g.width(), kh = g.kernelH(), kw = g.kernelW();
        final int ch = g.channels(), k = g.patchSize(), plane = h * w;
        final int sh = g.strideH(), sw = g.strideW(), ph = g.padH(), pw = g.padW(), dh = g.dilationH(),
                dw = g.dilationW();
        final int img = b * ch * plane;
        final boolean run = dw == 1 && kw <= L;
        int d = at * oh * ow * k;
        final int end = d + oh * ow * k;
        for (int y = 0; y < oh; y++) {
            for (int xo = 0; xo < ow; xo++) {
                int iw0 = xo * sw - pw;
                // the whole window row lies inside the image: a plain copy (no padding column to test)
                boolean inside = iw0 >= 0 && iw0 + (kw - 1) * dw < w;
                for (int c = 0; c < ch; c++) {
                    int cBase = img + c * plane;
                    for (int ki = 0; ki < kh; ki++, d += kw) {
                        int ih = y * sh - ph + ki * dh;
                        if (ih < 0 || ih >= h) {
                            java.util.Arrays.fill(r, d, d + kw, 0f);
                            continue;
                        }
                        int s = cBase + ih * w + iw0;
                        if (inside && run && s + L <= x.length && d + L <= end) {
                            // the window row is one contiguous run: one vector copy. Its lanes past the run land on
                            // positions of this image's rows that the loop writes later (it writes them in order),
                            // never past the image (another thread's); a masked store was not intrinsified (slow)
                            FloatVector.fromArray(S, x, s).intoArray(r, d);
                        } else if (inside) {
                            for (int kj = 0; kj < kw; kj++) {
                                r[d + kj] = x[s + kj * dw];
                            }
                        } else {
                            for (int kj = 0; kj < kw; kj++) {
                                int iw = iw0 + kj * dw;
                                r[d + kj] = iw >= 0 && iw < w ? x[s + kj * dw] : 0f;
                            }
                        }
                    }
                }
            }
        }
    }

    /** Output rows {@code [batch·p, outC]} into the images {@code out [batch, outC, p]}. */
    public static void rowsToChannels(float[] rows, int batch, int p, int outC, float[] out) {
        rowsToChannels(rows, batch, p, outC, out, 0);
    }

    /** As above for images {@code [first, first + images)}, whose rows {@code rows} holds from index 0. */
    public static void rowsToChannels(float[] rows, int images, int p, int outC, float[] out, int first) {
        for (int b = 0; b < images; b++) {
            transpose(rows, b * p * outC, p, outC, out, (first + b) * outC * p);
        }
    }

    /** The output gradient {@code [batch, outC, p]} as rows {@code [batch·p, outC]} (a reused buffer). */
    public float[] channelsToRows(float[] dy, int batch, int p, int outC) {
        dyRows = ensure(dyRows, batch * p * outC);
        for (int b = 0; b < batch; b++) {
            transpose(dy, b * outC * p, outC, p, dyRows, b * p * outC);
        }
        return dyRows;
    }

    /** The input gradient of the images from the gradient of their patch rows {@code [batch·p, C·kh·kw]}. */
    public void rowsToImages(ConvGeometry g, float[] dRows, int batch, float[] gradInput, int threads) {
        // one image per task, summed in a fixed order: the same bits for any thread count
        Parallel.forRange(batch, threads, 1, (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                scatter(g, dRows, b, b, gradInput);
            }
        });
    }

    /**
     * As {@link #rowsToImages}, for the patch-row gradients of images {@code [first, first + images)} only, held in
     * {@code dRows} from index 0 (a block of a backward pass, scattered while in cache); the same sums.
     */
    public void rowsToImages(ConvGeometry g, float[] dRows, int first, int images, float[] gradInput) {
        for (int i = 0; i < images; i++) {
            scatter(g, dRows, i, first + i, gradInput);
        }
    }

    /**
     * Sums the patch-row gradients of image {@code b} (at image {@code src} of {@code dRows}) into its planes (overwritten), reading the rows in order. The
     * rows are visited from the last output pixel back to the first: a pixel then receives its contributions by
     * ascending kernel row, then kernel column, as col2im adds them, so the sums are the same bits.
     */
    private static void scatter(ConvGeometry g, float[] dRows, int src, int b, float[] dst) {
        final int oh = g.outH(), ow = g.outW(), h = g.height(), w = g.width(), kh = g.kernelH(), kw = g.kernelW();
        final int ch = g.channels(), k = g.patchSize(), plane = h * w, p = oh * ow;
        final int sh = g.strideH(), sw = g.strideW(), ph = g.padH(), pw = g.padW(), dh = g.dilationH(),
                dw = g.dilationW();
        final int img = b * ch * plane;
        java.util.Arrays.fill(dst, img, img + ch * plane, 0f);
        for (int y = oh - 1; y >= 0; y--) {
            for (int xo = ow - 1; xo >= 0; xo--) {
                int iw0 = xo * sw - pw;
                boolean inside = iw0 >= 0 && iw0 + (kw - 1) * dw < w;
                int s = (src * p + y * ow + xo) * k;
                for (int c = 0; c < ch; c++) {
                    int cBase = img + c * plane;
                    for (int ki = 0; ki < kh; ki++, s += kw) {
                        int ih = y * sh - ph + ki * dh;
                        if (ih < 0 || ih >= h) {
                            continue;
                        }
                        int d = cBase + ih * w + iw0;
                        if (inside && dw == 1) {
                            addRun(dRows, s, dst, d, kw);
                        } else if (inside) {
                            for (int kj = 0; kj < kw; kj++) {
                                dst[d + kj * dw] += dRows[s + kj];
                            }
                        } else {
                            for (int kj = 0; kj < kw; kj++) {
                                int iw = iw0 + kj * dw;
                                if (iw >= 0 && iw < w) {
                                    dst[d + kj * dw] += dRows[s + kj];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * {@code dst[d, d + len) += src[s, s + len)}: one addition per element, so any split into vectors gives the bits of
     * the scalar loop. A window row (5 wide in LeNet5) is shorter than the preferred vector, and a full-width vector
     * would add into the next pixels; 128-bit vectors cover it but for a scalar tail (a masked vector was not
     * intrinsified: slow).
     */
    private static void addRun(float[] src, int s, float[] dst, int d, int len) {
        int j = 0;
        for (; j + L <= len; j += L) {
            FloatVector.fromArray(S, dst, d + j).add(FloatVector.fromArray(S, src, s + j)).intoArray(dst, d + j);
        }
        for (; j + L4 <= len; j += L4) {
            FloatVector.fromArray(S4, dst, d + j).add(FloatVector.fromArray(S4, src, s + j)).intoArray(dst, d + j);
        }
        for (; j < len; j++) {
            dst[d + j] += src[s + j];
        }
    }

    private static float[] ensure(float[] a, int n) {
        return a.length >= n ? a : new float[n];
    }

    /** {@code t = a^T} for the {@code [r, c]} block of {@code a} at {@code ao}, into {@code t} at {@code to}. */
    static void transpose(float[] a, int ao, int r, int c, float[] t, int to) {
        final int blk = 16;
        for (int i0 = 0; i0 < r; i0 += blk) {
            for (int j0 = 0; j0 < c; j0 += blk) {
                int i1 = Math.min(r, i0 + blk), j1 = Math.min(c, j0 + blk);
                for (int i = i0; i < i1; i++) {
                    for (int j = j0; j < j1; j++) {
                        t[to + j * r + i] = a[ao + i * c + j];
                    }
                }
            }
        }
    }
}
