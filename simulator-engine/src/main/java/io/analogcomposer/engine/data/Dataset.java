package io.analogcomposer.engine.data;

import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.Arrays;

/**
 * A labelled classification dataset held in memory: {@code size} samples of {@code sampleShape} floats, stored one
 * after the other, and one class label per sample.
 */
public final class Dataset {
    private final String name;
    private final int[] sampleShape;
    private final int sampleSize;
    private final float[] inputs;
    private final int[] labels;
    private final int numClasses;

    /** Wraps the arrays (no copy); {@code inputs.length} must be {@code labels.length * prod(sampleShape)}. */
    public Dataset(String name, int[] sampleShape, float[] inputs, int[] labels, int numClasses) {
        this.name = name;
        this.sampleShape = sampleShape.clone();
        this.sampleSize = Tensor.sizeOf(sampleShape);
        if ((long) sampleSize * labels.length != inputs.length) {
            throw new IllegalArgumentException("dataset '" + name + "': " + labels.length + " labels of shape "
                    + Arrays.toString(sampleShape) + " need " + (long) sampleSize * labels.length + " floats, got "
                    + inputs.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("dataset '" + name + "': label " + labels[i] + " of sample " + i
                        + " is not in [0, " + numClasses + ")");
            }
        }
        this.inputs = inputs;
        this.labels = labels;
        this.numClasses = numClasses;
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
        return new Dataset(name, shape, inputs, labels, numClasses);
    }

    /** Dataset name, e.g. {@code fashion-mnist/train}. */
    public String name() {
        return name;
    }

    /** Shape of one sample, e.g. {@code [1, 28, 28]}. */
    public int[] sampleShape() {
        return sampleShape.clone();
    }

    /** Floats per sample. */
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

    /** All samples, back to back (shared, not copied). */
    public float[] inputs() {
        return inputs;
    }

    /** All labels (shared, not copied). */
    public int[] labels() {
        return labels;
    }

    /** A new dataset with the samples at {@code indices}, in that order. */
    public Dataset subset(String newName, int[] indices) {
        float[] x = new float[indices.length * sampleSize];
        int[] y = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(inputs, indices[i] * sampleSize, x, i * sampleSize, sampleSize);
            y[i] = labels[indices[i]];
        }
        return new Dataset(newName, sampleShape, x, y, numClasses);
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

    /** Normalises in place: {@code x = (x - mean[c]) / std[c]} per channel (axis 0 of the sample shape). */
    public void normalize(float[] mean, float[] std) {
        int channels = mean.length;
        if (std.length != channels || sampleShape.length == 0 || (channels != 1 && sampleShape[0] != channels)) {
            throw new IllegalArgumentException("normalisation with " + channels + " channel(s) does not fit samples of"
                    + " shape " + Arrays.toString(sampleShape));
        }
        int per = sampleSize / channels;
        for (int s = 0; s < size(); s++) {
            for (int c = 0; c < channels; c++) {
                float m = mean[c], inv = 1f / std[c];
                int base = s * sampleSize + c * per;
                for (int i = 0; i < per; i++) {
                    inputs[base + i] = (inputs[base + i] - m) * inv;
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
