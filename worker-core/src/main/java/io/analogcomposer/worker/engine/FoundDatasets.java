package io.analogcomposer.worker.engine;

import io.analogcomposer.engine.data.DatasetLocator;
import io.analogcomposer.engine.data.DatasetNotFoundException;
import io.analogcomposer.spec.datasets.DatasetFinder;
import io.analogcomposer.spec.datasets.LocatedDataset;
import java.nio.file.Path;
import java.util.List;

/**
 * The engine's view of the datasets experiment-spec's {@link DatasetFinder} finds: the one place that knows the
 * layouts decides where the files are, the engine reads them by format. A missing dataset fails with the finder's
 * user-facing reason (what to install or upload).
 */
public final class FoundDatasets implements DatasetLocator {
    private final DatasetFinder finder;

    public FoundDatasets(DatasetFinder finder) {
        this.finder = finder;
    }

    /** Searches {@code dirs}, then {@code ANALOG_COMPOSER_DATASETS} and the system directories. */
    public static FoundDatasets in(List<Path> dirs) {
        return new FoundDatasets(new DatasetFinder(dirs));
    }

    /** Searches only {@code dirs} (tests). */
    public static FoundDatasets onlyIn(List<Path> dirs) {
        return new FoundDatasets(new DatasetFinder(dirs, null, false));
    }

    public DatasetFinder finder() {
        return finder;
    }

    @Override
    public Files locate(String dataset) throws DatasetNotFoundException {
        LocatedDataset found = finder.find(dataset).orElse(null);
        if (found == null) {
            // the user's reason first; then, for the operator, the roots the worker searched
            throw new DatasetNotFoundException(dataset, finder.availability(dataset).reason() + " (this worker "
                    + "searched under " + finder.roots().stream().map(Path::toString).toList() + ")");
        }
        return new Files(found.format().wire(), found.files());
    }
}
