package io.analogcomposer.engine.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** An image as a sequence of square patches: which shapes are patch layouts, and where every pixel goes. */
class PatchesTest {

    @Test
    void fashionMnistShapesThatArePatchSequences() {
        int[] image = {1, 28, 28};
        assertThat(Patches.patchSize(image, new int[]{16, 49})).isEqualTo(7);
        assertThat(Patches.patchSize(image, new int[]{49, 16})).isEqualTo(4);
        assertThat(Patches.patchSize(image, new int[]{4, 196})).isEqualTo(14);
        // rows (sequential Fashion-MNIST), flat, or sizes that do not tile the image are no patches
        assertThat(Patches.patchSize(image, new int[]{28, 28})).isZero();
        assertThat(Patches.patchSize(image, new int[]{784})).isZero();
        assertThat(Patches.patchSize(image, new int[]{15, 49})).isZero();
        assertThat(Patches.patchSize(new int[]{3, 28, 28}, new int[]{16, 49})).isZero();
    }

    @Test
    void everyPixelGoesToItsPatchRowMajor() {
        // two 4×4 images whose pixel values are their positions (plus 100 for the second)
        float[] pixels = new float[32];
        for (int i = 0; i < 32; i++) {
            pixels[i] = i < 16 ? i : 100 + i - 16;
        }
        Dataset images = new Dataset("t", new int[]{1, 4, 4}, pixels, new int[]{3, 7}, 10);
        Dataset tokens = Patches.of(images, 2);
        assertThat(tokens.sampleShape()).containsExactly(4, 4);
        assertThat(tokens.labels()).containsExactly(3, 7);
        // patch 0 = rows 0-1, columns 0-1; patch 1 = columns 2-3; patch 2 = rows 2-3, columns 0-1
        assertThat(java.util.Arrays.copyOfRange(tokens.inputs(), 0, 16)).containsExactly(0, 1, 4, 5, 2, 3, 6, 7, 8, 9,
                12, 13, 10, 11, 14, 15);
        assertThat(tokens.inputs()[16 + 4]).isEqualTo(102f);
    }
}
