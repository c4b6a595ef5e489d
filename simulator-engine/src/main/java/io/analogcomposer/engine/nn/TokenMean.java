package io.analogcomposer.engine.nn;

import io.analogcomposer.engine.tensor.Tensor;
import java.util.Arrays;

/**
 * The mean over the tokens of a sequence, {@code [batch, tokens, features] -> [batch, features]}: the pooling a
 * small encoder uses before its classifier instead of a class token.
 */
public final class TokenMean extends Module {
    private Tensor output, gradInput;
    private int tokens;

    @Override
    public String type() {
        return "token_mean";
    }

    @Override
    public int[] outputShape(int[] in) {
        if (in.length != 2) {
            throw new IllegalArgumentException("token_mean expects a sequence [tokens, features], got "
                    + Arrays.toString(in));
        }
        return new int[]{in[1]};
    }

    @Override
    public Tensor forward(Tensor x) {
        requireRank(x, 3, "token_mean");
        int batch = x.dim(0), f = x.dim(2);
        tokens = x.dim(1);
        output = Tensor.ensure(output, batch, f);
        float[] in = x.data(), y = output.data();
        Arrays.fill(y, 0, batch * f, 0f);
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < tokens; t++) {
                for (int j = 0; j < f; j++) {
                    y[b * f + j] += in[(b * tokens + t) * f + j];
                }
            }
        }
        for (int i = 0; i < batch * f; i++) {
            y[i] /= tokens;
        }
        return output;
    }

    @Override
    public Tensor backward(Tensor dy) {
        if (!needsInputGrad) {
            return null;
        }
        int batch = dy.dim(0), f = dy.dim(1);
        gradInput = Tensor.ensure(gradInput, batch, tokens, f);
        float[] d = dy.data(), dx = gradInput.data();
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < tokens; t++) {
                for (int j = 0; j < f; j++) {
                    dx[(b * tokens + t) * f + j] = d[b * f + j] / tokens;
                }
            }
        }
        return gradInput;
    }
}
