package io.analogcomposer.api.dataset.upload;

import java.util.Arrays;
import java.util.Locale;

/**
 * The checks every format shares: images of one shape in both splits (rank 2 flat-square, rank 3 {@code N×H×W}, rank
 * 4 {@code N×H×W×C} or {@code N×C×H×W} with 1 or 3 channels), pixels either 0..255 or in [0, 1] (scaled to 8 bits),
 * integer labels from 0, one per image, and at least two classes.
 */
final class Images {
    private Images() {
    }

    /** Sample shape {channels, height, width} and whether the source is channel-last. */
    private record Layout(int channels, int height, int width, boolean channelLast) {}

    static ImageSet build(String format, Samples trainX, Samples trainY, Samples testX, Samples testY)
            throws UploadError {
        Layout train = layout(trainX), test = layout(testX);
        // channel-last or channel-first may differ between the splits; the image shape may not
        if (train.channels() != test.channels() || train.height() != test.height() || train.width() != test.width()) {
            throw new UploadError(testX.pointer() + "/shape", "test images have shape " + show(testX.shape())
                    + " but training images " + show(trainX.shape()), "the same image shape in both splits");
        }
        labelsFit(trainY, trainX);
        labelsFit(testY, testX);
        int classes = 0;
        for (Samples y : new Samples[]{trainY, testY}) {
            for (int i = 0; i < y.values().length; i++) {
                float v = y.values()[i];
                if (v != Math.rint(v) || v < 0 || v >= ImageSet.MAX_CLASSES) {
                    throw new UploadError(y.pointer() + "/" + i, "label " + v + " of sample " + i
                            + " is not a class number", "integers 0.." + (ImageSet.MAX_CLASSES - 1));
                }
                classes = Math.max(classes, (int) v + 1);
            }
        }
        if (classes < 2) {
            throw new UploadError(trainY.pointer(), "every label is 0: a classifier needs at least two classes",
                    "labels 0..classes-1 with at least two classes");
        }
        // each array by its own range: a float test array in [0, 1] next to a uint8 training array is common
        return new ImageSet(format, train.channels(), train.height(), train.width(), classes,
                pixels(trainX, train, scale(trainX)), labels(trainY), pixels(testX, test, scale(testX)),
                labels(testY));
    }

    private static Layout layout(Samples x) throws UploadError {
        long[] s = x.shape();
        if (s.length < 1 || s[0] < 1) {
            throw new UploadError(x.pointer() + "/shape", "no images (shape " + show(s) + ")", "at least one image");
        }
        Layout l = switch (s.length) {
            case 2 -> {
                int side = (int) Math.round(Math.sqrt(s[1]));
                yield (long) side * side == s[1] ? new Layout(1, side, side, false) : null;
            }
            case 3 -> new Layout(1, (int) s[1], (int) s[2], false);
            case 4 -> s[3] == 1 || s[3] == 3
                    ? new Layout((int) s[3], (int) s[1], (int) s[2], true)
                    : s[1] == 1 || s[1] == 3 ? new Layout((int) s[1], (int) s[2], (int) s[3], false) : null;
            default -> null;
        };
        if (l == null || l.height() < 1 || l.width() < 1 || l.height() > 512 || l.width() > 512) {
            throw new UploadError(x.pointer() + "/shape", "images of shape " + show(s) + " are not understood",
                    "N×H×W, N×H×W×C or N×C×H×W (C = 1 or 3, H and W up to 512), or N×D with D a square number");
        }
        return l;
    }

    private static void labelsFit(Samples y, Samples x) throws UploadError {
        long[] s = y.shape();
        boolean flat = s.length == 1 || (s.length == 2 && s[1] == 1);
        if (!flat || s[0] != x.shape()[0]) {
            throw new UploadError(y.pointer() + "/shape", "labels have shape " + show(s) + " for " + x.shape()[0]
                    + " images", "one label per image: shape (" + x.shape()[0] + ")");
        }
    }

    /** 1 when the array's pixels are 0..255 already, 255 when they all lie in [0, 1]. */
    private static float scale(Samples... xs) throws UploadError {
        float max = 0;
        for (Samples x : xs) {
            float[] v = x.values();
            for (int i = 0; i < v.length; i++) {
                if (!(v[i] >= 0 && v[i] <= 255)) {
                    throw new UploadError(x.pointer() + "/" + (i / Math.max(1, v.length / x.count())), String.format(
                            Locale.ROOT, "pixel value %s of image %d is outside 0..255", v[i],
                            i / Math.max(1, v.length / x.count())), "pixels 0..255, or all in [0, 1]");
                }
                max = Math.max(max, v[i]);
            }
        }
        return max <= 1f ? 255f : 1f;
    }

    private static byte[] pixels(Samples x, Layout l, float scale) {
        int n = x.count(), plane = l.height() * l.width(), per = plane * l.channels();
        byte[] out = new byte[n * per];
        float[] v = x.values();
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < l.channels(); c++) {
                for (int p = 0; p < plane; p++) {
                    float value = l.channelLast() ? v[i * per + p * l.channels() + c] : v[i * per + c * plane + p];
                    out[i * per + c * plane + p] = (byte) Math.round(value * scale);
                }
            }
        }
        return out;
    }

    private static byte[] labels(Samples y) {
        byte[] out = new byte[y.count()];
        for (int i = 0; i < out.length; i++) {
            int label = (int) y.values()[i];
            out[i] = (byte) label; // below ImageSet.MAX_CLASSES (256), so it fits a byte
        }
        return out;
    }

    static String show(long[] shape) {
        return Arrays.toString(shape).replace('[', '(').replace(']', ')');
    }
}
