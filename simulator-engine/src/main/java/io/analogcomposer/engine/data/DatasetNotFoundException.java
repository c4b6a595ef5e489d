package io.analogcomposer.engine.data;

import java.nio.file.Path;
import java.util.List;

/** A dataset's files were not found; the message names every directory that was searched and the files expected. */
public final class DatasetNotFoundException extends java.io.IOException {
    private static final long serialVersionUID = 1L;
    private final transient List<Path> searched;

    /** Builds the message from the dataset, the files it needs and the directories searched. */
    public DatasetNotFoundException(String dataset, List<String> requiredFiles, List<Path> searched) {
        super("dataset '" + dataset + "' not found: no directory holds all of " + requiredFiles
                + " (each may also end in .gz); searched " + searched
                + ". Add a directory with DatasetLocator or the ANALOG_COMPOSER_DATASETS environment variable"
                + " (path list), or install it under /usr/share/datasets (Debian: dataset-fashion-mnist).");
        this.searched = List.copyOf(searched);
    }

    /** The directories that were searched, in order. */
    public List<Path> searched() {
        return searched;
    }
}
