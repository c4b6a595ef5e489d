package io.analogcomposer.engine.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.engine.backend.JavaBackend;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The 2x2 stride-2 max pool takes whole vectors of outputs at a time; it must pick the same element as a plain scan
 * of each window in row-major order with strict comparisons (ties, ±0 included, keep the first), for the value and
 * for where the gradient goes, on rows that fill vectors, rows that do not, and the input's last rows.
 */
class MaxPoolTest {
    @Test
    void vectorRowsPickTheSameElementAsTheScalarScan() {
        int[][] shapes = {{3, 16, 24, 24}, {2, 32, 8, 8}, {2, 3, 7, 9}, {1, 2, 2, 70}, {2, 1, 66, 66}};
        for (int[] s : shapes) {
            Tensor x = Tensor.zeros(s);
            Rng rng = new Rng(5);
            for (int i = 0; i < x.size(); i++) {
                // few distinct values and both zeros: many ties
                int v = (int) (rng.nextDouble() * 5) - 2;
                x.data()[i] = v == 0 ? (rng.nextDouble() < 0.5 ? -0f : 0f) : v;
            }
            Pool2d p = new Pool2d(Pool2d.Kind.MAX, 2, 2, 0);
            p.setBackend(new JavaBackend(1));
            p.setNeedsInputGrad(true);
            Tensor y = p.forward(x).copy();
            int oh = s[2] / 2, ow = s[3] / 2, planes = s[0] * s[1];
            Tensor dy = Tensor.zeros(y.shape());
            for (int i = 0; i < dy.size(); i++) {
                dy.data()[i] = i + 1;
            }
            Tensor dx = p.backward(dy);
            float[] expectDx = new float[x.size()];
            for (int q = 0; q < planes; q++) {
                for (int r = 0; r < oh; r++) {
                    for (int c = 0; c < ow; c++) {
                        int base = q * s[2] * s[3], o = (q * oh + r) * ow + c;
                        int bi = base + 2 * r * s[3] + 2 * c;
                        float best = x.data()[bi];
                        for (int i = 0; i < 2; i++) {
                            for (int j = 0; j < 2; j++) {
                                int e = base + (2 * r + i) * s[3] + 2 * c + j;
                                if (x.data()[e] > best) {
                                    best = x.data()[e];
                                    bi = e;
                                }
                            }
                        }
                        assertThat(Float.floatToRawIntBits(y.data()[o])).as("output %d of %s", o,
                                java.util.Arrays.toString(s)).isEqualTo(Float.floatToRawIntBits(best));
                        expectDx[bi] += dy.data()[o];
                    }
                }
            }
            assertThat(dx.data()).as(java.util.Arrays.toString(s)).containsExactly(expectDx);
        }
    }
}
