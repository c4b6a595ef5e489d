package io.analogcomposer.worker.hardware.chip;

/** A model with more weights than the chip has usable devices; the message has the numbers per layer. */
public final class ModelDoesNotFitException extends RuntimeException {

    private final long requiredDevices;
    private final long usableDevices;

    public ModelDoesNotFitException(String message, long requiredDevices, long usableDevices) {
        super(message);
        this.requiredDevices = requiredDevices;
        this.usableDevices = usableDevices;
    }

    public long requiredDevices() {
        return requiredDevices;
    }

    public long usableDevices() {
        return usableDevices;
    }
}
