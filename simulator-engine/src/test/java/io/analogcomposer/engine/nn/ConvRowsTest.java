package io.analogcomposer.engine.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.ConvGeometry;
import org.junit.jupiter.api.Test;

/**
 * The patch rows that the analog convolutions multiply are gathered from and scattered into the images directly;
 * they must be exactly the transposed im2col matrix, and the input gradient exactly col2im of the transposed row
 * gradients (same additions in the same order), for any padding, stride and dilation.
 */
class ConvRowsTest {
    private static final ConvGeometry[] GEOMETRIES = {
            new ConvGeometry(1, 28, 28, 5, 5, 1, 1, 0, 0, 1, 1), // LeNet5's first layer
            new ConvGeometry(16, 12, 12, 5, 5, 1, 1, 0, 0, 1, 1), // and its second
            new ConvGeometry(3, 9, 11, 3, 3, 1, 1, 1, 1, 1, 1), // padded
            new ConvGeometry(2, 10, 9, 3, 2, 2, 3, 1, 2, 2, 1), // strided, dilated, uneven
            new ConvGeometry(2, 5, 5, 5, 5, 1, 1, 2, 2, 1, 1), // more padding than image per window
            // window rows as wide as a preferred vector or wider (the scatter's vector runs, then 128-bit, then scalar)
            new ConvGeometry(2, 7, 16, 3, 9, 1, 1, 0, 1, 1, 1),
            new ConvGeometry(1, 4, 20, 2, 12, 1, 1, 0, 0, 1, 1),
            new ConvGeometry(1, 3, 40, 1, 19, 1, 1, 0, 0, 1, 1),
    };

    @Test
    void patchRowsAreTheTransposedColumnsBitForBit() {
        for (ConvGeometry g : GEOMETRIES) {
            int batch = 3, n = batch * g.outH() * g.outW(), k = g.patchSize();
            float[] x = random(batch * g.channels() * g.height() * g.width(), 1);
            float[] col = new float[k * n];
            g.im2col(x, 0, batch, col, 1);
            float[] expected = new float[n * k];
            for (int r = 0; r < k; r++) {
                for (int q = 0; q < n; q++) {
                    expected[q * k + r] = col[r * n + q];
                }
            }
            ConvRows rows = new ConvRows();
            assertThat(rows.patchRows(g, x, batch, 1, true)).as("%s", g).containsExactly(expected);
            assertThat(java.util.Arrays.copyOf(rows.patchRows(g, x, batch, 2, false), n * k)).as("%s", g)
                    .containsExactly(expected);
        }
    }

    @Test
    void rowGradientsFoldIntoTheImagesAsCol2imBitForBit() {
        for (ConvGeometry g : GEOMETRIES) {
            int batch = 3, n = batch * g.outH() * g.outW(), k = g.patchSize();
            float[] dRows = random(n * k, 2);
            float[] col = new float[k * n];
            for (int q = 0; q < n; q++) {
                for (int r = 0; r < k; r++) {
                    col[r * n + q] = dRows[q * k + r];
                }
            }
            int size = batch * g.channels() * g.height() * g.width();
            float[] expected = new float[size], got = new float[size], got2 = new float[size];
            g.col2im(col, 0, batch, expected, 1);
            java.util.Arrays.fill(got, Float.NaN); // overwritten, not added to
            new ConvRows().rowsToImages(g, dRows, batch, got, 1);
            new ConvRows().rowsToImages(g, dRows, batch, got2, 2);
            assertThat(got).as("%s", g).containsExactly(expected);
            assertThat(got2).as("%s", g).containsExactly(expected);
            // image by image, each block's rows from index 0 (the blocked backward of the analog convolution)
            float[] got3 = new float[size];
            int rowsPerImage = g.outH() * g.outW() * k;
            for (int b = 0; b < batch; b++) {
                float[] block = java.util.Arrays.copyOfRange(dRows, b * rowsPerImage, (b + 1) * rowsPerImage);
                new ConvRows().rowsToImages(g, block, b, 1, got3);
            }
            assertThat(got3).as("%s", g).containsExactly(expected);
        }
    }

    @Test
    void rowsAndChannelsAreTransposesOfEachOther() {
        int batch = 2, p = 37, outC = 19;
        float[] rows = random(batch * p * outC, 3), images = new float[rows.length];
        ConvRows.rowsToChannels(rows, batch, p, outC, images);
        for (int b = 0; b < batch; b++) {
            for (int q = 0; q < p; q++) {
                for (int c = 0; c < outC; c++) {
                    assertThat(images[(b * outC + c) * p + q]).isEqualTo(rows[(b * p + q) * outC + c]);
                }
            }
        }
        assertThat(java.util.Arrays.copyOf(new ConvRows().channelsToRows(images, batch, p, outC), rows.length))
                .containsExactly(rows);
    }

    private static float[] random(int n, long seed) {
        float[] a = new float[n];
        new Rng(seed).fillUniform(a, 0, n, -1f, 1f);
        return a;
    }
}
