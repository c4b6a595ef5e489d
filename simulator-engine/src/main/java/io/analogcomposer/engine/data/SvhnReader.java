package io.analogcomposer.engine.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.Matrix;

/**
 * Reads SVHN's cropped-digit MATLAB files ({@code train_32x32.mat}, {@code test_32x32.mat}): {@code X} is a
 * {@code 32 x 32 x 3 x N} uint8 array in MATLAB's column-major order and {@code y} holds labels 1..10, where 10
 * stands for the digit 0.
 */
public final class SvhnReader {
    private SvhnReader() {
    }

    /** Reads one SVHN .mat file into {@code [3, 32, 32]} 8-bit images valued in [0, 1] with labels 0..9. */
    public static Dataset read(String name, Path file) throws IOException {
        try (Mat5File mat = Mat5.readFromFile(file.toFile())) {
            Matrix x = mat.getMatrix("X");
            Matrix y = mat.getMatrix("y");
            int[] d = x.getDimensions();
            if (d.length != 4 || d[2] != 3) {
                throw new IOException(file + ": expected X of dims [H, W, 3, N], got " + Arrays.toString(d));
            }
            int h = d[0], w = d[1], n = d[3];
            if (y.getNumElements() != n) {
                throw new IOException(file + ": X has " + n + " images but y has " + y.getNumElements() + " labels");
            }
            int per = 3 * h * w;
            byte[] in = new byte[n * per];
            int[] labels = new int[n];
            for (int s = 0; s < n; s++) {
                for (int c = 0; c < 3; c++) {
                    for (int col = 0; col < w; col++) {
                        for (int row = 0; row < h; row++) {
                            int src = row + h * (col + w * (c + 3 * s));
                            in[s * per + (c * h + row) * w + col] = x.getByte(src);
                        }
                    }
                }
                int label = (int) y.getDouble(s);
                if (label < 1 || label > 10) {
                    throw new IOException(file + ": label " + label + " of image " + s + " is not in 1..10");
                }
                labels[s] = label % 10;
            }
            return Dataset.ofPixels(name, new int[]{3, h, w}, in, labels, 10);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot read SVHN file " + file + ": " + e.getMessage(), e);
        }
    }
}
