package io.analogcomposer.spec.datasets.download;

import io.analogcomposer.spec.datasets.DatasetLayouts;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The official locations and published checksums of the built-in datasets: the URLs and MD5s torchvision uses for
 * MNIST, Fashion-MNIST and SVHN; for CIFAR-10 the binary version (the format the engine reads) with the MD5 on the
 * CIFAR page (torchvision fetches the Python version instead).
 */
public final class OfficialSources {
    private OfficialSources() {
    }

    private static final String FASHION = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";
    private static final String MNIST = "https://ossci-datasets.s3.amazonaws.com/mnist/";

    /** Every dataset that can be downloaded, in the catalogue's order. */
    public static List<DatasetSource> all() {
        return List.of(
                idx("fashion-mnist", FASHION, "8d4fb7e6c68d591d4c3dfef9ec88bf0d", "25c81989df183df01b3e8a0aad5dffbe",
                        "bef4ecab320f06d8554ea6380940ec79", "bb300cfdad3c16e7a12a480ee83cd310"),
                idx("mnist", MNIST, "f68b3c2dcbeaaa9fbdd348bbdeb94873", "d53e105ee54ea40749a09fcbcd1e9432",
                        "9fb629c4189551a2d022fa330f9573f3", "ec29112dd5afa0611ce80d1b7f02629c"),
                new DatasetSource("cifar10", "cifar10",
                        List.of(new RemoteFile(URI.create("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"),
                                "cifar-10-binary.tar.gz", "c32a1d4ab5d03f1284b67883e8d87530")),
                        DatasetLayouts.CIFAR10_FILES, "cifar-10-batches-bin/"),
                new DatasetSource("svhn", "svhn", List.of(
                        new RemoteFile(URI.create("http://ufldl.stanford.edu/housenumbers/train_32x32.mat"),
                                "train_32x32.mat", "e26dedcc434d2e4c54c9b2d4a06d8373"),
                        new RemoteFile(URI.create("http://ufldl.stanford.edu/housenumbers/test_32x32.mat"),
                                "test_32x32.mat", "eb5a983be6a315427106f1b164d9cef3")),
                        List.of(), ""));
    }

    /** The source of one dataset, if it can be downloaded. */
    public static Optional<DatasetSource> of(String dataset) {
        String name = DatasetLayouts.canonical(dataset);
        return all().stream().filter(s -> s.dataset().equals(name)).findFirst();
    }

    /** The same source with every file fetched from {@code mirror} + its file name instead (a local mirror). */
    public static DatasetSource mirrored(DatasetSource source, URI mirror) {
        String base = mirror.toString().endsWith("/") ? mirror.toString() : mirror + "/";
        List<RemoteFile> files = new ArrayList<>();
        for (RemoteFile f : source.files()) {
            files.add(new RemoteFile(URI.create(base + f.name()), f.name(), f.md5()));
        }
        return new DatasetSource(source.dataset(), source.directory(), files, source.extract(),
                source.archivePrefix());
    }

    private static DatasetSource idx(String dataset, String base, String... md5) {
        List<RemoteFile> files = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String name = DatasetLayouts.IDX_FILES.get(i) + ".gz";
            files.add(new RemoteFile(URI.create(base + name), name, md5[i]));
        }
        return new DatasetSource(dataset, dataset, files, List.of(), "");
    }
}
