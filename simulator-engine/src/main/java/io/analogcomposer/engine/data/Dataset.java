package io.analogcomposer.engine.data;

import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.Arrays;

/**
 * A labelled classification dataset held in memory: {@code size} samples of {@code sampleShape} values, stored one
 * after the other, and one class label per sample.
 *
 * <p>Images read from files (Fashion-MNIST, MNIST, CIFAR-10, SVHN, uploaded IDX sets) are kept as their 8-bit pixels
 * with a 256-entry table per channel that turns a pixel into its value, scaled and normalised: a quarter of the
 * memory of floats (Fashion-MNIST is 55 MB instead of 220 MB), and the run's heap is sized by it. The
 * {@link BatchLoader} widens one batch at a time. The table is computed with the very float operations the values
 * went through when they were stored as floats ({@code p / 255f}, then {@code (x - mean) * (1 / std)}), so a
 * batch holds the same floats bit for bit. Generated data and other formats are stored as floats.
 */
public final class Dataset {
    private static final int LEVELS = 256;

    private final String name;
    private final int[] sampleShape;
    private final int sampleSize;
    /** The values, when they are stored as floats; else null. */
    private final float[] values;
    /** The pixels, when they are stored as bytes; else null. */
    private final byte[] pixels;
    /**
     * The value of each pixel level per channel ({@code channels * 256}); shared with the views {@link #as} makes,
     * as a float dataset shares its values, so normalising one normalises the other.
     */
    private final float[] levels;
    /** Values per channel within a sample (the pixel table's channel of value {@code j} is {@code j / plane}). */
    private final int plane;
    private final int[] labels;
    private final int numClasses;

    /** Wraps the arrays (no copy); {@code inputs.length} must be {@code labels.length * prod(sampleShape)}. */
    public Dataset(String name, int[] sampleShape, float[] inputs, int[] labels, int numClasses) {
        this(name, sampleShape, inputs, null, null, 0, labels, numClasses);
    }

    private Dataset(String name, int[] sampleShape, float[] values, byte[] pixels, float[] levels, int plane,
            int[] labels, int numClasses) {
        this.name = name;
        this.sampleShape = sampleShape.clone();
        this.sampleSize = Tensor.sizeOf(sampleShape);
        long stored = values != null ? values.length : pixels.length;
        if ((long) sampleSize * labels.length != stored) {
            throw new IllegalArgumentException("dataset '" + name + "': " + labels.length + " labels of shape "
                    + Arrays.toString(sampleShape) + " need " + (long) sampleSize * labels.length + " values, got "
                    + stored);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("dataset '" + name + "': label " + labels[i] + " of sample " + i
                        + " is not in [0, " + numClasses + ")");
            }
        }
        this.values = values;
        this.pixels = pixels;
        this.levels = levels;
        this.plane = plane;
        this.labels = labels;
        this.numClasses = numClasses;
    }

    /**
     * Images of unsigned 8-bit pixels (wrapped, no copy) whose values are {@code pixel / 255}; the first axis of
     * {@code sampleShape} is the channel when the shape has more than one axis.
     */
    public static Dataset ofPixels(String name, int[] sampleShape, byte[] pixels, int[] labels, int numClasses) {
        int channels = sampleShape.length > 1 ? Math.max(1, sampleShape[0]) : 1;
        float[] levels = new float[channels * LEVELS];
        for (int c = 0; c < channels; c++) {
            for (int p = 0; p < LEVELS; p++) {
                levels[c * LEVELS + p] = p / 255f;
            }
        }
        return new Dataset(name, sampleShape, null, pixels, levels, Tensor.sizeOf(sampleShape) / channels, labels,
                numClasses);
    }

    /**
     * The same samples seen with another shape of as many values (no copy): a 1×28×28 image as 28 steps of 28
     * features for a recurrent network, or flat. Returns this dataset when the shape is already {@code shape}.
     */
    public Dataset as(int[] shape) {
        if (Arrays.equals(shape, sampleShape)) {
            return this;
        }
        if (Tensor.sizeOf(shape) != sampleSize) {
            throw new IllegalArgumentException("dataset '" + name + "' samples " + Arrays.toString(sampleShape)
                    + " cannot be seen as " + Arrays.toString(shape));
        }
        return new Dataset(name, shape, values, pixels, levels, plane, labels, numClasses);
    }

    /** Dataset name, e.g. {@code fashion-mnist/train}. */
    public String name() {
        return name;
    }

    /** Shape of one sample, e.g. {@code [1, 28, 28]}. */
    public int[] sampleShape() {
        return sampleShape.clone();
    }

    /** Values per sample. */
    public int sampleSize() {
        return sampleSize;
    }

    /** Number of samples. */
    public int size() {
        return labels.length;
    }

    /** Number of classes. */
    public int numClasses() {
        return numClasses;
    }

    /** Bytes of memory one stored value takes: 1 for 8-bit images, 4 for floats. */
    public int bytesPerValue() {
        return pixels != null ? 1 : Float.BYTES;
    }

    /**
     * All samples' values, back to back: the stored array itself for float data (shared, not copied), a decoded copy
     * for 8-bit images. The training loop reads samples with {@link #read} instead.
     */
    public float[] inputs() {
        if (values != null) {
            return values;
        }
        float[] out = new float[pixels.length];
        for (int s = 0; s < size(); s++) {
            read(s, out, s * sampleSize);
        }
        return out;
    }

    /** Writes sample {@code sample}'s values to {@code dst} from {@code offset} on. */
    public void read(int sample, float[] dst, int offset) {
        int from = sample * sampleSize;
        if (values != null) {
            System.arraycopy(values, from, dst, offset, sampleSize);
            return;
        }
        for (int j = 0, c = 0; j < sampleSize; j += plane, c += LEVELS) {
            for (int i = j, end = j + plane; i < end; i++) {
                dst[offset + i] = levels[c + (pixels[from + i] & 0xFF)];
            }
        }
    }

    /** All labels (shared, not copied). */
    public int[] labels() {
        return labels;
    }

    /** A new dataset with the samples at {@code indices}, in that order. */
    public Dataset subset(String newName, int[] indices) {
        int[] y = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            y[i] = labels[indices[i]];
        }
        if (values != null) {
            float[] x = new float[indices.length * sampleSize];
            for (int i = 0; i < indices.length; i++) {
                System.arraycopy(values, indices[i] * sampleSize, x, i * sampleSize, sampleSize);
            }
            return new Dataset(newName, sampleShape, x, y, numClasses);
        }
        byte[] x = new byte[indices.length * sampleSize];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * sampleSize, x, i * sampleSize, sampleSize);
        }
        // the subset is normalised on its own from now on, as a float subset is a copy of the values
        return new Dataset(newName, sampleShape, null, x, levels.clone(), plane, y, numClasses);
    }

    /**
     * The samples with their values moved within each sample: value {@code i} of a new sample of {@code shape} is
     * value {@code from[i]} of the old one (a copy, stored as this one is). Channels keep their pixel tables, so
     * moves must stay within a channel; {@link Patches} moves the pixels of one-channel images.
     */
    Dataset rearranged(int[] shape, int[] from) {
        if (from.length != sampleSize || Tensor.sizeOf(shape) != sampleSize) {
            throw new IllegalArgumentException("a rearrangement of " + sampleSize + " values needs as many, got "
                    + from.length + " for shape " + Arrays.toString(shape));
        }
        int n = size();
        if (values != null) {
            float[] x = new float[values.length];
            for (int s = 0, base = 0; s < n; s++, base += sampleSize) {
                for (int i = 0; i < sampleSize; i++) {
                    x[base + i] = values[base + from[i]];
                }
            }
            return new Dataset(name, shape, x, labels, numClasses);
        }
        for (int i = 0; i < sampleSize; i++) {
            if (from[i] / plane != i / plane) {
                throw new IllegalArgumentException("value " + from[i] + " cannot move to another channel (" + i + ")");
            }
        }
        byte[] x = new byte[pixels.length];
        for (int s = 0, base = 0; s < n; s++, base += sampleSize) {
            for (int i = 0; i < sampleSize; i++) {
                x[base + i] = pixels[base + from[i]];
            }
        }
        return new Dataset(name, shape, null, x, levels.clone(), plane, labels, numClasses);
    }

    /** The first {@code n} samples (or all if fewer). */
    public Dataset head(int n) {
        if (n >= size()) {
            return this;
        }
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        return subset(name, idx);
    }

    /**
     * Splits off a validation set of {@code round(fraction * size)} samples chosen by a seeded shuffle; the rest (in
     * shuffled order) is the training set.
     */
    public Split split(double validationFraction, long seed) {
        if (validationFraction < 0 || validationFraction >= 1) {
            throw new IllegalArgumentException("validation_fraction must be in [0, 1), got " + validationFraction);
        }
        int nVal = (int) Math.round(validationFraction * size());
        int[] order = new int[size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        new Rng(seed).split(0x5EED5L).shuffle(order);
        int[] val = Arrays.copyOfRange(order, 0, nVal);
        int[] train = Arrays.copyOfRange(order, nVal, order.length);
        return new Split(subset(name + "/train", train), nVal == 0 ? null : subset(name + "/validation", val));
    }

    /** A training set and an optional (null) validation set. */
    public record Split(Dataset train, Dataset validation) {}

    /**
     * Normalises in place: {@code x = (x - mean[c]) / std[c]} per channel (axis 0 of the sample shape); for 8-bit
     * images the pixel table is normalised, with the same float operations.
     */
    public void normalize(float[] mean, float[] std) {
        int channels = mean.length;
        if (std.length != channels || sampleShape.length == 0 || (channels != 1 && sampleShape[0] != channels)) {
            throw new IllegalArgumentException("normalisation with " + channels + " channel(s) does not fit samples of"
                    + " shape " + Arrays.toString(sampleShape));
        }
        if (pixels != null) {
            int tables = levels.length / LEVELS;
            for (int t = 0; t < tables; t++) {
                int c = channels == 1 ? 0 : t;
                float m = mean[c], inv = 1f / std[c];
                for (int p = t * LEVELS; p < (t + 1) * LEVELS; p++) {
                    levels[p] = (levels[p] - m) * inv;
                }
            }
            return;
        }
        int per = sampleSize / channels;
        for (int s = 0; s < size(); s++) {
            for (int c = 0; c < channels; c++) {
                float m = mean[c], inv = 1f / std[c];
                int base = s * sampleSize + c * per;
                for (int i = 0; i < per; i++) {
                    values[base + i] = (values[base + i] - m) * inv;
                }
            }
        }
    }

    @Override
    public String toString() {
        return "Dataset[" + name + ", " + size() + " x " + Arrays.toString(sampleShape) + ", " + numClasses
                + " classes]";
    }
}
