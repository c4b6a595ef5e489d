package io.analogcomposer.spec.datasets;

import java.nio.file.Path;
import java.util.List;

/**
 * A dataset found on disk.
 *
 * @param directory the directory holding its files
 * @param files the files in the order the layout lists them (a {@code .gz} variant where that is what exists)
 * @param bytes their total size on disk
 */
public record LocatedDataset(String dataset, DatasetLayout layout, Path directory, List<Path> files, long bytes) {

    public LocatedDataset {
        files = List.copyOf(files);
    }

    public DatasetFormat format() {
        return layout.format();
    }
}
