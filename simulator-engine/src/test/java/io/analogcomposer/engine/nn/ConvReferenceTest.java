package io.analogcomposer.engine.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Tensor;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Convolutions agree with their textbook definitions written as plain loops. */
class ConvReferenceTest {
    @Test
    void conv2dMatchesDirectSum() {
        int b = 2, c = 3, h = 9, w = 8, o = 4, k = 3, s = 2, p = 1, d = 2;
        Conv2d conv = new Conv2d(c, o, k, s, p, d, true, new Rng(1));
        Tensor x = GradCheck.randomInput(2, b, c, h, w);
        Tensor y = conv.forward(x);
        int oh = (h + 2 * p - d * (k - 1) - 1) / s + 1, ow = (w + 2 * p - d * (k - 1) - 1) / s + 1;
        assertThat(y.shape()).containsExactly(b, o, oh, ow);
        float[] wt = conv.weight().value().data(), bias = conv.bias().value().data();
        for (int n = 0; n < b; n++) {
            for (int f = 0; f < o; f++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double sum = bias[f];
                        for (int ch = 0; ch < c; ch++) {
                            for (int ki = 0; ki < k; ki++) {
                                for (int kj = 0; kj < k; kj++) {
                                    int ih = i * s - p + ki * d, iw = j * s - p + kj * d;
                                    if (ih >= 0 && ih < h && iw >= 0 && iw < w) {
                                        sum += wt[((f * c + ch) * k + ki) * k + kj] * x.get(n, ch, ih, iw);
                                    }
                                }
                            }
                        }
                        assertThat(y.get(n, f, i, j)).isCloseTo((float) sum, Offset.offset(1e-4f));
                    }
                }
            }
        }
    }

    @Test
    void convTransposeScattersEveryInputThroughTheKernel() {
        int b = 2, c = 2, h = 3, w = 4, o = 3, k = 3, s = 2, p = 1, op = 1;
        ConvTranspose2d ct = new ConvTranspose2d(c, o, k, s, p, op, 1, false, new Rng(3));
        Tensor x = GradCheck.randomInput(4, b, c, h, w);
        Tensor y = ct.forward(x);
        int oh = (h - 1) * s - 2 * p + k + op, ow = (w - 1) * s - 2 * p + k + op;
        assertThat(y.shape()).containsExactly(b, o, oh, ow);
        double[] ref = new double[b * o * oh * ow];
        float[] wt = ct.parameters().get(0).value().data();
        for (int n = 0; n < b; n++) {
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        for (int f = 0; f < o; f++) {
                            for (int ki = 0; ki < k; ki++) {
                                for (int kj = 0; kj < k; kj++) {
                                    int yi = i * s - p + ki, yj = j * s - p + kj;
                                    if (yi >= 0 && yi < oh && yj >= 0 && yj < ow) {
                                        ref[((n * o + f) * oh + yi) * ow + yj] += wt[((ch * o + f) * k + ki) * k + kj]
                                                * x.get(n, ch, i, j);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        for (int i = 0; i < ref.length; i++) {
            assertThat(y.data()[i]).isCloseTo((float) ref[i], Offset.offset(1e-4f));
        }
    }
}
