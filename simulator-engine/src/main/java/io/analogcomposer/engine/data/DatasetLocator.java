package io.analogcomposer.engine.data;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a dataset's files are. The engine only reads formats; knowing which directories hold which dataset is the
 * caller's business (the composer's workers use experiment-spec's {@code DatasetFinder}, the one place that knows the
 * layouts). A locator answers with the files in the order the format's reader takes them.
 */
@FunctionalInterface
public interface DatasetLocator {

    /** A dataset's files: the format's id ({@code idx}, {@code cifar10-binary}, {@code svhn-mat}, ...) and paths. */
    record Files(String format, List<Path> paths) {
        public Files {
            paths = List.copyOf(paths);
        }
    }

    /** The files of the dataset with this canonical name; throws with a readable reason when it is not there. */
    Files locate(String dataset) throws DatasetNotFoundException;

    /** A locator that knows no dataset (runs on generated data only). */
    static DatasetLocator none() {
        return dataset -> {
            throw new DatasetNotFoundException(dataset, "no dataset directory is configured");
        };
    }
}
