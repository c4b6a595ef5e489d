package io.analogcomposer.engine.nn;

import io.analogcomposer.engine.tensor.Tensor;

/** Flattens every dimension after the batch: {@code [B, d1, d2, ...] -> [B, d1*d2*...]}, without copying. */
public final class Flatten extends Module {
    private final Tensor outView = Tensor.zeros(1), gradView = Tensor.zeros(1);
    private int[] inShape;

    @Override
    public String type() {
        return "flatten";
    }

    @Override
    public int[] outputShape(int[] s) {
        return new int[]{Tensor.sizeOf(s)};
    }

    @Override
    public Tensor forward(Tensor x) {
        inShape = x.shape();
        return outView.viewOf(x, x.dim(0), x.size() / x.dim(0));
    }

    @Override
    public Tensor backward(Tensor dy) {
        return needsInputGrad ? gradView.viewOf(dy, inShape) : null;
    }
}
