package io.analogcomposer.api.dataset.upload;

/**
 * An uploaded dataset that cannot be used, with where exactly: a JSON pointer into the upload ({@code /x_train/shape},
 * {@code /lines/17/fields/3}), what is wrong, and what is allowed.
 */
public final class UploadError extends Exception {
    private static final long serialVersionUID = 1L;
    private final String pointer;
    private final String allowed;

    public UploadError(String pointer, String message, String allowed) {
        super(message);
        this.pointer = pointer;
        this.allowed = allowed;
    }

    public String pointer() {
        return pointer;
    }

    public String allowed() {
        return allowed;
    }
}
