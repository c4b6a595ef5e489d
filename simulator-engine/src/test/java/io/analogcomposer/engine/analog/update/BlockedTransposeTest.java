package io.analogcomposer.engine.analog.update;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The backward pass's blocked transpose is the transpose, for shapes that fill blocks and shapes that do not. */
class BlockedTransposeTest {
    @Test
    void everyElementLandsAtItsTransposedPlace() {
        int[][] shapes = {{1, 1}, {1, 37}, {37, 1}, {16, 16}, {17, 33}, {128, 256}, {10, 128}, {45, 19}};
        for (int[] s : shapes) {
            int rows = s[0], cols = s[1];
            float[] w = new float[rows * cols], t = new float[rows * cols];
            for (int k = 0; k < w.length; k++) {
                w[k] = k + 0.5f;
            }
            PulsedAnalogLinear.transpose(w, t, rows, cols);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    assertThat(t[j * rows + i]).as("%dx%d at (%d, %d)", rows, cols, i, j).isEqualTo(w[i * cols + j]);
                }
            }
        }
    }
}
