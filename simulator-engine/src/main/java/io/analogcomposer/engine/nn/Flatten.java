package io.analogcomposer.engine.nn;

import io.analogcomposer.engine.tensor.Tensor;

/** Flattens every dimension after the batch: {@code [B, d1, d2, ...] -> [B, d1*d2*...]}, without copying. */
public final class Flatten extends Module {
    private final Tensor outView = Tensor.zeros(1), gradView = Tensor.zeros(1);
    private int[] inShape;
    private int[] flat = new int[2];

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
        if (inShape == null || !x.hasShape(inShape)) {
            inShape = x.shape();
        }
        int b = x.dim(0), rest = b == 0 ? 0 : x.size() / b;
        if (flat[0] != b || flat[1] != rest) {
            flat = new int[]{b, rest};
        }
        return outView.viewOf(x, flat);
    }

    @Override
    public Tensor backward(Tensor dy) {
        return needsInputGrad ? gradView.viewOf(dy, inShape) : null;
    }
}
