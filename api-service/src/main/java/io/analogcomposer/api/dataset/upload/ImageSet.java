package io.analogcomposer.api.dataset.upload;

/**
 * A checked labelled image dataset in the form the composer stores: 8-bit pixels, channel-first
 * ({@code N × channels × height × width}), labels in {@code [0, classes)}.
 */
public record ImageSet(String sourceFormat, int channels, int height, int width, int classes, byte[] trainX,
        byte[] trainY, byte[] testX, byte[] testY) {

    public int trainSamples() {
        return trainY.length;
    }

    public int testSamples() {
        return testY.length;
    }

    /** The most classes an upload may have (labels are stored as bytes, as in IDX label files). */
    public static final int MAX_CLASSES = 256;
}
