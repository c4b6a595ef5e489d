package io.analogcomposer.engine.data;

/** A dataset's files are not where the locator looks; the message says why and what to do, in the caller's words. */
public final class DatasetNotFoundException extends java.io.IOException {
    private static final long serialVersionUID = 1L;
    private final String dataset;

    public DatasetNotFoundException(String dataset, String reason) {
        super("dataset '" + dataset + "' not found: " + reason);
        this.dataset = dataset;
    }

    public String dataset() {
        return dataset;
    }
}
