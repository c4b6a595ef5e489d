package io.analogcomposer.tensor;

/** A run whose estimated device memory exceeds what the device has free; says both numbers. */
public final class DeviceMemoryTooSmall extends RuntimeException {
    public DeviceMemoryTooSmall(long neededBytes, long freeBytes, String device) {
        super(String.format("the run needs about %.2f GiB of device memory (test set, weights and one batch's "
                + "intermediates) but %s has %.2f GiB free; use a smaller batch_size or fewer test samples",
                neededBytes / (double) (1L << 30), device, freeBytes / (double) (1L << 30)));
    }
}
