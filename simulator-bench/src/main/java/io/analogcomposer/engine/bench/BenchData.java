package io.analogcomposer.engine.bench;

import io.analogcomposer.engine.data.DatasetLocator;
import io.analogcomposer.engine.data.DatasetNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The data the engine's developer benchmarks read: Fashion-MNIST as Debian's {@code dataset-fashion-mnist} installs
 * it (or the directory in {@code -Dbench.fashion-mnist=DIR}). Only for the benches, which run without the composer's
 * services; the composer itself locates datasets with experiment-spec's {@code DatasetFinder}.
 */
public final class BenchData {
    private BenchData() {
    }

    /** A locator for Fashion-MNIST's four IDX files (plain or gzip'd) in the bench directory. */
    public static DatasetLocator fashionMnist() {
        Path dir = Path.of(System.getProperty("bench.fashion-mnist", "/usr/share/datasets/fashion-mnist"));
        return dataset -> {
            if (!dataset.equals("fashion-mnist")) {
                throw new DatasetNotFoundException(dataset, "the benches read only fashion-mnist");
            }
            List<Path> files = new ArrayList<>();
            for (String f : List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                    "t10k-labels-idx1-ubyte")) {
                Path p = Files.isRegularFile(dir.resolve(f)) ? dir.resolve(f) : dir.resolve(f + ".gz");
                if (!Files.isRegularFile(p)) {
                    throw new DatasetNotFoundException(dataset, p + " is missing (apt-get install "
                            + "dataset-fashion-mnist, or -Dbench.fashion-mnist=DIR)");
                }
                files.add(p);
            }
            return new DatasetLocator.Files("idx", files);
        };
    }
}
