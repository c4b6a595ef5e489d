package io.analogcomposer.api.dataset.upload;

/**
 * One split's images as read from an upload, before they are checked: the array's shape (first dimension: samples)
 * and its values, with the pointer naming it in errors.
 */
record Samples(String pointer, long[] shape, float[] values) {

    int count() {
        return (int) shape[0];
    }
}
