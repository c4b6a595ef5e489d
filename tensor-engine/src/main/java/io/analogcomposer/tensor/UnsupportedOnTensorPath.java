package io.analogcomposer.tensor;

/**
 * A feature of an experiment that the tensor program does not implement yet, named so a user can see what to change;
 * thrown before any computation, never answered by falling back to the pure-Java engine.
 */
public final class UnsupportedOnTensorPath extends IllegalArgumentException {
    private final String feature;

    /** {@code feature} is the name as users write it (e.g. {@code forward.ir_drop}). */
    public UnsupportedOnTensorPath(String feature, String detail) {
        super(feature + " is not on the tensor (GPU) path yet" + (detail == null || detail.isBlank()
                ? ""
                : ": "
                        + detail));
        this.feature = feature;
    }

    /** The unsupported feature's name. */
    public String feature() {
        return feature;
    }
}
