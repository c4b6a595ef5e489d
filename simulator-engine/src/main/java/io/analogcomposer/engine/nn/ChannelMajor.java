package io.analogcomposer.engine.nn;

/** Layout shuffles between {@code [B, C, P]} (batch-major tensors) and {@code [C, B*P]} (GEMM-friendly). */
final class ChannelMajor {
    private ChannelMajor() {
    }

    /** {@code dst[b, c, p] = src[c, b*P + p] + bias[c]} (bias may be null). */
    static void toBatchMajor(float[] src, float[] dst, int batch, int channels, int p, float[] bias) {
        int bp = batch * p;
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                int s = c * bp + b * p, d = (b * channels + c) * p;
                if (bias == null) {
                    System.arraycopy(src, s, dst, d, p);
                } else {
                    float bv = bias[c];
                    for (int i = 0; i < p; i++) {
                        dst[d + i] = src[s + i] + bv;
                    }
                }
            }
        }
    }

    /** {@code dst[c, b*P + p] = src[b, c, p]}. */
    static void toChannelMajor(float[] src, float[] dst, int batch, int channels, int p) {
        int bp = batch * p;
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                System.arraycopy(src, (b * channels + c) * p, dst, c * bp + b * p, p);
            }
        }
    }

    /** {@code out[r] = sum_j x[r, j]} for a {@code rows x cols} matrix, summed in index order. */
    static void rowSums(float[] x, int rows, int cols, float[] out) {
        for (int r = 0; r < rows; r++) {
            float s = 0f;
            int base = r * cols;
            for (int j = 0; j < cols; j++) {
                s += x[base + j];
            }
            out[r] = s;
        }
    }
}
