package io.analogcomposer.engine.tensor;

/**
 * The geometry of a 2-D sliding window over a {@code channels x height x width} image: kernel, stride, padding and
 * dilation per axis, and the output size they give. Shared by convolution, transposed convolution and pooling.
 */
public record ConvGeometry(int channels, int height, int width, int kernelH, int kernelW, int strideH, int strideW,
        int padH, int padW, int dilationH, int dilationW) {

    /** Validates that every parameter is in range and the window fits the padded image. */
    public ConvGeometry {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "input must have positive channels/height/width, got " + channels + "x" + height + "x" + width);
        }
        if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || dilationH < 1 || dilationW < 1) {
            throw new IllegalArgumentException("kernel, stride and dilation must be >= 1, got kernel " + kernelH + "x"
                    + kernelW + ", stride " + strideH + "x" + strideW + ", dilation " + dilationH + "x" + dilationW);
        }
        if (padH < 0 || padW < 0) {
            throw new IllegalArgumentException("padding must be >= 0, got " + padH + "x" + padW);
        }
        int spanH = dilationH * (kernelH - 1) + 1, spanW = dilationW * (kernelW - 1) + 1;
        if (height + 2 * padH < spanH || width + 2 * padW < spanW) {
            throw new IllegalArgumentException("kernel span " + spanH + "x" + spanW + " does not fit the padded input "
                    + (height + 2 * padH) + "x" + (width + 2 * padW));
        }
    }

    /** Output height. */
    public int outH() {
        return (height + 2 * padH - dilationH * (kernelH - 1) - 1) / strideH + 1;
    }

    /** Output width. */
    public int outW() {
        return (width + 2 * padW - dilationW * (kernelW - 1) - 1) / strideW + 1;
    }

    /** Rows of the im2col matrix: channels x kernel area. */
    public int patchSize() {
        return channels * kernelH * kernelW;
    }

    /**
     * Unfolds images {@code [b0, b1)} of {@code src} (shape {@code [B, C, H, W]}) into {@code col} laid out as
     * {@code [C*kh*kw, (b1-b0)*outH*outW]}; padding reads as zero. Rows are split across threads.
     */
    public void im2col(float[] src, int b0, int b1, float[] col, int threads) {
        final int oh = outH(), ow = outW(), plane = height * width, p = oh * ow;
        final int nb = b1 - b0;
        final int ld = nb * p;
        final int kArea = kernelH * kernelW;
        Parallel.forRange(patchSize(), threads, 1, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int c = r / kArea, kk = r % kArea, ki = kk / kernelW, kj = kk % kernelW;
                int rowBase = r * ld;
                for (int b = 0; b < nb; b++) {
                    int srcBase = ((b0 + b) * channels + c) * plane;
                    int dst = rowBase + b * p;
                    for (int y = 0; y < oh; y++) {
                        int ih = y * strideH - padH + ki * dilationH;
                        int d = dst + y * ow;
                        if (ih < 0 || ih >= height) {
                            java.util.Arrays.fill(col, d, d + ow, 0f);
                            continue;
                        }
                        int srcRow = srcBase + ih * width;
                        int iw0 = -padW + kj * dilationW;
                        int x0 = firstInside(iw0, strideW), x1 = endInside(iw0, strideW, width, ow);
                        if (x0 >= x1) {
                            java.util.Arrays.fill(col, d, d + ow, 0f);
                            continue;
                        }
                        if (x0 > 0) {
                            java.util.Arrays.fill(col, d, d + x0, 0f);
                        }
                        if (x1 < ow) {
                            java.util.Arrays.fill(col, d + x1, d + ow, 0f);
                        }
                        if (strideW == 1) {
                            System.arraycopy(src, srcRow + x0 + iw0, col, d + x0, x1 - x0);
                        } else {
                            for (int x = x0; x < x1; x++) {
                                col[d + x] = src[srcRow + x * strideW + iw0];
                            }
                        }
                    }
                }
            }
        });
    }

    /** First output column whose input column {@code x * stride + iw0} is inside the image. */
    private static int firstInside(int iw0, int stride) {
        return iw0 >= 0 ? 0 : (-iw0 + stride - 1) / stride;
    }

    /** One past the last output column whose input column is inside an image of width {@code width}. */
    private static int endInside(int iw0, int stride, int width, int ow) {
        int last = width - 1 - iw0;
        return last < 0 ? 0 : Math.min(ow, last / stride + 1);
    }

    /**
     * Folds {@code col} ({@code [C*kh*kw, (b1-b0)*outH*outW]}) back into images {@code [b0, b1)} of {@code dst},
     * adding overlapping contributions; {@code dst}'s planes are overwritten. Each (image, channel) plane is summed in
     * a fixed order, so the result does not depend on the thread count.
     */
    public void col2im(float[] col, int b0, int b1, float[] dst, int threads) {
        final int oh = outH(), ow = outW(), plane = height * width, p = oh * ow;
        final int nb = b1 - b0;
        final int ld = nb * p;
        Parallel.forRange(nb * channels, threads, 1, (q0, q1) -> {
            for (int q = q0; q < q1; q++) {
                int b = q / channels, c = q % channels;
                int dBase = ((b0 + b) * channels + c) * plane;
                java.util.Arrays.fill(dst, dBase, dBase + plane, 0f);
                for (int ki = 0; ki < kernelH; ki++) {
                    for (int kj = 0; kj < kernelW; kj++) {
                        int r = (c * kernelH + ki) * kernelW + kj;
                        int src = r * ld + b * p;
                        int iw0 = -padW + kj * dilationW;
                        int x0 = firstInside(iw0, strideW), x1 = endInside(iw0, strideW, width, ow);
                        for (int y = 0; y < oh; y++) {
                            int ih = y * strideH - padH + ki * dilationH;
                            if (ih < 0 || ih >= height) {
                                continue;
                            }
                            int dRow = dBase + ih * width + iw0;
                            int s = src + y * ow;
                            if (strideW == 1) {
                                for (int x = x0; x < x1; x++) {
                                    dst[dRow + x] += col[s + x];
                                }
                            } else {
                                for (int x = x0; x < x1; x++) {
                                    dst[dRow + x * strideW] += col[s + x];
                                }
                            }
                        }
                    }
                }
            }
        });
    }
}
