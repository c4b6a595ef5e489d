package io.analogcomposer.engine.data;

import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Tensor;

/**
 * Iterates a dataset in mini-batches, reshuffled every epoch from the seed (epoch n uses stream n), filling one
 * reused {@link Batch} so the training loop allocates nothing per sample; samples stored as 8-bit pixels become floats
 * only in the batch.
 */
public final class BatchLoader {
    private final Dataset data;
    private final int batchSize;
    private final boolean shuffle, oneHot;
    private final Rng rng;
    private final int[] order;
    private final Batch batch = new Batch();
    private final int[] sampleShape;

    /** A loader; {@code oneHot} makes targets one-hot rows (for mse/bce) instead of class numbers. */
    public BatchLoader(Dataset data, int batchSize, boolean shuffle, long seed, boolean oneHot) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch_size must be >= 1, got " + batchSize);
        }
        this.data = data;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.oneHot = oneHot;
        this.rng = new Rng(seed).split(0xBA7C4L);
        this.order = new int[data.size()];
        this.sampleShape = data.sampleShape();
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
    }

    /** The dataset. */
    public Dataset dataset() {
        return data;
    }

    /** Number of batches per epoch (the last may be smaller). */
    public int batches() {
        return (data.size() + batchSize - 1) / batchSize;
    }

    /** Prepares the sample order for an epoch. */
    public void startEpoch(int epoch) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (shuffle) {
            rng.split(epoch).shuffle(order);
        }
    }

    /** Fills and returns the shared batch object with batch {@code index} of the current epoch. */
    public Batch batch(int index) {
        int from = index * batchSize;
        int n = Math.min(batchSize, data.size() - from);
        if (n <= 0) {
            throw new IndexOutOfBoundsException("batch " + index + " of " + batches());
        }
        int per = data.sampleSize();
        if (batch.inputs == null || batch.size != n) {
            int[] shape = new int[sampleShape.length + 1];
            shape[0] = n;
            System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
            batch.inputs = Tensor.ensure(batch.inputs, shape);
            batch.targets = oneHot
                    ? Tensor.ensure(batch.targets, n, data.numClasses())
                    : Tensor.ensure(batch.targets, n);
            if (batch.labels.length < n) {
                batch.labels = new int[batchSize];
            }
            batch.size = n;
        }
        float[] x = batch.inputs.data(), t = batch.targets.data();
        int[] labels = data.labels();
        int classes = data.numClasses();
        if (oneHot) {
            java.util.Arrays.fill(t, 0, n * classes, 0f);
        }
        for (int i = 0; i < n; i++) {
            int s = order[from + i];
            data.read(s, x, i * per); // 8-bit images are widened here, a batch at a time
            int y = labels[s];
            batch.labels[i] = y;
            if (oneHot) {
                t[i * classes + y] = 1f;
            } else {
                t[i] = y;
            }
        }
        return batch;
    }
}
