package io.analogcomposer.engine.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.engine.random.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Images kept as their 8-bit pixels: every batch, normalisation, subset, split and patch layout holds the very floats
 * the same images give when stored as floats (pixel / 255, then normalised), bit for bit, at a quarter of the memory.
 */
class PixelDatasetTest {

    /** {@code n} random 3x4x4 images as bytes and, decoded as the readers did before, as floats. */
    private static Dataset[] pair(int n) {
        return pair(n, new int[]{3, 4, 4});
    }

    private static Dataset[] pair(int n, int[] shape) {
        int size = shape[0] * shape[1] * shape[2];
        byte[] px = new byte[n * size];
        Rng rng = new Rng(3);
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) rng.nextInt(256);
        }
        float[] values = new float[px.length];
        for (int i = 0; i < px.length; i++) {
            values[i] = (px[i] & 0xFF) / 255f;
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
        }
        return new Dataset[]{Dataset.ofPixels("b", shape, px, labels, 10),
                new Dataset("f", shape, values, labels.clone(), 10)};
    }

    @Test
    void normalisedBatchesAreTheFloatDatasetsBitForBit() {
        Dataset[] d = pair(37);
        Datasets.Normalization n = Datasets.normalization("cifar10");
        for (Dataset x : d) {
            x.normalize(n.mean(), n.std());
        }
        assertThat(d[0].bytesPerValue()).isEqualTo(1);
        assertThat(d[1].bytesPerValue()).isEqualTo(4);
        assertThat(d[0].inputs()).containsExactly(d[1].inputs());
        BatchLoader bytes = new BatchLoader(d[0], 8, true, 5, false), floats = new BatchLoader(d[1], 8, true, 5, false);
        bytes.startEpoch(2);
        floats.startEpoch(2);
        for (int b = 0; b < bytes.batches(); b++) {
            assertThat(bytes.batch(b).inputs().toArray()).containsExactly(floats.batch(b).inputs().toArray());
        }
    }

    @Test
    void subsetsSplitsAndHeadsAreNormalisedOnTheirOwn() {
        Dataset[] d = pair(20);
        Dataset.Split bytes = d[0].split(0.25, 9), floats = d[1].split(0.25, 9);
        Datasets.Normalization n = Datasets.normalization("svhn");
        bytes.train().normalize(n.mean(), n.std());
        floats.train().normalize(n.mean(), n.std());
        assertThat(bytes.train().inputs()).containsExactly(floats.train().inputs());
        // the validation part and the whole set were copies: untouched
        assertThat(bytes.validation().inputs()).containsExactly(floats.validation().inputs());
        assertThat(d[0].inputs()).containsExactly(d[1].inputs());
        assertThat(d[0].head(5).inputs()).containsExactly(Arrays.copyOf(d[1].inputs(), 5 * 48));
    }

    @Test
    void measuredStatisticsAndPatchesMatchTheFloatDataset() {
        Dataset[] d = pair(12);
        Datasets.Normalization a = Datasets.measured(d[0]), b = Datasets.measured(d[1]);
        assertThat(a.mean()).containsExactly(b.mean());
        assertThat(a.std()).containsExactly(b.std());
        // one-channel images as patch sequences
        Dataset[] gray = pair(3, new int[]{1, 6, 8});
        Dataset bytes = gray[0], floats = gray[1];
        assertThat(Patches.of(bytes, 2).inputs()).containsExactly(Patches.of(floats, 2).inputs());
        assertThat(Patches.of(bytes, 2).bytesPerValue()).isEqualTo(1);
    }

    @Test
    void aViewInAnotherShapeSharesTheNormalisation() {
        Dataset[] d = pair(4);
        Dataset flat = d[0].as(new int[]{48});
        d[0].normalize(new float[]{0.5f, 0.5f, 0.5f}, new float[]{0.25f, 0.25f, 0.25f});
        d[1].normalize(new float[]{0.5f, 0.5f, 0.5f}, new float[]{0.25f, 0.25f, 0.25f});
        assertThat(flat.inputs()).containsExactly(d[1].inputs());
    }
}
