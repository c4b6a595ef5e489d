package io.analogcomposer.engine.analog.update;

import io.analogcomposer.engine.data.DatasetLocator;
import io.analogcomposer.engine.data.Datasets;
import io.analogcomposer.engine.data.TrainTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's {@code dataset-fashion-mnist} for the learning-curve tests (the engine does not know dataset directories;
 * the services use experiment-spec's DatasetFinder): IDX files, gzipped or not.
 */
final class SystemFashionMnist {
    private static final Path DIR = Path.of("/usr/share/datasets/fashion-mnist");

    private SystemFashionMnist() {
    }

    /** The whole dataset: 60,000 training and 10,000 test images. */
    static TrainTest load() throws IOException {
        return Datasets.load("fashion-mnist", SystemFashionMnist::files);
    }

    private static DatasetLocator.Files files(String name) {
        List<Path> files = new ArrayList<>();
        for (String file : List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                "t10k-labels-idx1-ubyte")) {
            Path plain = DIR.resolve(file);
            files.add(Files.isRegularFile(plain) ? plain : DIR.resolve(file + ".gz"));
        }
        return new DatasetLocator.Files("idx", files);
    }
}
