package io.analogcomposer.engine.data;

import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Tensor;

/**
 * Learnable synthetic classification data for tests and offline demos: each class has a random prototype image and
 * samples are the prototype plus Gaussian noise, clipped to [0, 1].
 */
public final class SyntheticData {
    private SyntheticData() {
    }

    /** {@code n} samples of {@code shape} over {@code classes} classes; the same seed gives the same data. */
    public static Dataset blobs(String name, int n, int[] shape, int classes, double noise, long seed) {
        if (n < 1 || classes < 2) {
            throw new IllegalArgumentException("synthetic data needs n >= 1 and classes >= 2, got " + n + " and "
                    + classes);
        }
        int size = Tensor.sizeOf(shape);
        Rng protoRng = new Rng(seed).split(1);
        float[][] protos = new float[classes][size];
        for (float[] p : protos) {
            protoRng.fillUniform(p, 0, size, 0f, 1f);
        }
        Rng rng = new Rng(seed).split(2);
        float[] x = new float[n * size];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = rng.nextInt(classes);
            y[i] = c;
            for (int j = 0; j < size; j++) {
                float v = (float) (protos[c][j] + noise * rng.nextGaussian());
                x[i * size + j] = Math.max(0f, Math.min(1f, v));
            }
        }
        return new Dataset(name, shape, x, y, classes);
    }
}
