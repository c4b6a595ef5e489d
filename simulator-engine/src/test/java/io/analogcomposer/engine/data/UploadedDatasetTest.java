package io.analogcomposer.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.analogcomposer.engine.backend.JavaBackend;
import io.analogcomposer.engine.experiment.DatasetSpec;
import io.analogcomposer.engine.experiment.ExperimentRunner;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Datasets users uploaded to the composer: IDX files with rank-4 images ({@code N×C×H×W}), as many classes as their
 * labels use, normalised by their own statistics, and cut by max_train/max_test like any dataset.
 */
class UploadedDatasetTest {

    static final String NAME = "user:0b6c1f1e-3f55-4a8e-9d2b-2f7c9c3e5a10";

    @TempDir
    Path dir;

    /** Writes an unsigned-byte IDX file. */
    static Path idx(Path file, byte[] data, int... dims) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.putInt(0x0800 | dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(data);
        return Files.write(file, b.array());
    }

    /** 2 channels of 3×4 pixels; the second channel is constant 255; labels cycle 0, 1, 2. */
    DatasetLocator.Files files(int train, int test) throws IOException {
        return new DatasetLocator.Files("idx", List.of(
                idx(dir.resolve("train-x"), pixels(train), train, 2, 3, 4),
                idx(dir.resolve("train-y"), labels(train), train),
                idx(dir.resolve("test-x"), pixels(test), test, 2, 3, 4),
                idx(dir.resolve("test-y"), labels(test), test)));
    }

    static byte[] pixels(int n) {
        byte[] x = new byte[n * 24];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 12; p++) {
                x[i * 24 + p] = (byte) (i % 3 * 100);
                x[i * 24 + 12 + p] = (byte) 255;
            }
        }
        return x;
    }

    static byte[] labels(int n) {
        byte[] y = new byte[n];
        for (int i = 0; i < n; i++) {
            y[i] = (byte) (i % 3);
        }
        return y;
    }

    @Test
    void rankFourImagesKeepTheirChannelsAndTheClassesComeFromTheLabels() throws IOException {
        DatasetLocator.Files files = files(30, 9);
        TrainTest data = Datasets.load(NAME, name -> {
            assertThat(name).isEqualTo(NAME); // uploaded names are not canonicalised
            return files;
        });
        assertThat(data.train().sampleShape()).containsExactly(2, 3, 4);
        assertThat(data.train().size()).isEqualTo(30);
        assertThat(data.test().size()).isEqualTo(9);
        assertThat(data.train().numClasses()).isEqualTo(3);
        assertThat(data.test().numClasses()).isEqualTo(3);
    }

    @Test
    void theRunnerNormalisesByTheUploadsOwnStatisticsAndCutsTheSamples() throws IOException {
        DatasetLocator.Files files = files(30, 9);
        ExperimentRunner runner = new ExperimentRunner(name -> files, new JavaBackend(1));
        TrainTest data = runner.loadData(new DatasetSpec(NAME, 0, 12, 5, true, 10, 1000), new int[]{2, 3, 4}, 1);
        assertThat(data.train().size()).isEqualTo(12);
        assertThat(data.test().size()).isEqualTo(5);
        // channel 0 takes 0, 100, 200 (/255) evenly over the whole training set: mean 100/255, centred to 0
        double mean0 = 0;
        for (int i = 0; i < 12; i++) {
            for (int p = 0; p < 12; p++) {
                mean0 += data.train().inputs()[i * 24 + p];
            }
        }
        assertThat(mean0 / 144).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-4));
        // the constant channel is centred, not divided by zero
        assertThat(data.train().inputs()[12]).isFinite().isCloseTo(0f, org.assertj.core.data.Offset.offset(1e-4f));
        TrainTest raw = runner.loadData(new DatasetSpec(NAME, 0, 0, 0, false, 10, 1000), new int[]{2, 3, 4}, 1);
        assertThat(raw.train().inputs()[12]).isEqualTo(1f);
    }

    @Test
    void aLabelBeyondTheClassesOfACatalogueDatasetIsAReadableError() throws IOException {
        Path x = idx(dir.resolve("x"), new byte[4], 1, 2, 2);
        Path y = idx(dir.resolve("y"), new byte[]{12}, 1);
        assertThatThrownBy(() -> IdxReader.loadImages("mnist/train", x, y, 10)).isInstanceOf(IOException.class)
                .hasMessageContaining("label 12 of sample 0");
    }
}
