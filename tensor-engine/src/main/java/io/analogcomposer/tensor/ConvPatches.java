package io.analogcomposer.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.analogcomposer.engine.analog.nn.AnalogConv2d;
import io.analogcomposer.engine.tensor.ConvGeometry;
import java.util.HashMap;
import java.util.Map;

/**
 * The receptive fields of an analog convolution as tile input rows, for inference ({@link TensorNetwork}) and training
 * ({@link TensorTrainer}) alike: every output pixel's patch is one row, so noise and bound management act per patch as
 * in the Java layer. Patches are gathered with one index array per input and batch size (a loader has at most two
 * batch sizes); a padding position reads an appended zero. The gather is differentiable, so in training the patches'
 * gradient flows back to the input pixels.
 */
final class ConvPatches {
    private final AnalogConv2d layer;
    private final NDManager manager;
    private final Map<Long, NDArray> indices = new HashMap<>();

    /** Index arrays are kept in {@code manager}, which must outlive the batches. */
    ConvPatches(AnalogConv2d layer, NDManager manager) {
        this.layer = layer;
        this.manager = manager;
    }

    /**
     * Applies the convolution to {@code x [b, c, h, w]}, with {@code tiles} mapping the patch rows {@code [b·p, k]} to
     * {@code [b·p, out_channels]}; returns {@code [b, out_channels, outH, outW]}.
     */
    NDArray apply(NDArray x, java.util.function.UnaryOperator<NDArray> tiles) {
        Shape s = x.getShape();
        long b = s.get(0);
        int c = (int) s.get(1), h = (int) s.get(2), w = (int) s.get(3);
        ConvGeometry g = layer.geometryFor(h, w);
        int p = g.outH() * g.outW(), k = g.patchSize(), plane = c * h * w;
        NDArray idx = indices.computeIfAbsent(b * 1_000_003L * 1_000_003L + h * 1_000_003L + w,
                key -> index(g, c, h, w, manager).broadcast(b, (long) p * k).duplicate());
        NDArray flat = x.reshape(b, plane).concat(x.getManager().zeros(new Shape(b, 1)), 1);
        NDArray y = tiles.apply(flat.gather(idx, 1).reshape(b * p, k));
        return y.reshape(b, p, layer.outChannels()).transpose(0, 2, 1).reshape(b, layer.outChannels(), g.outH(),
                g.outW());
    }

    /** For each output pixel and patch entry (c, ki, kj), the flat input position (plane size: the zero). */
    static NDArray index(ConvGeometry g, int c, int h, int w, NDManager manager) {
        int oh = g.outH(), ow = g.outW(), kh = g.kernelH(), kw = g.kernelW(), k = g.patchSize();
        long[] idx = new long[oh * ow * k];
        int plane = c * h * w;
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                int base = (oy * ow + ox) * k;
                for (int ch = 0; ch < c; ch++) {
                    for (int ki = 0; ki < kh; ki++) {
                        for (int kj = 0; kj < kw; kj++) {
                            int iy = oy * g.strideH() - g.padH() + ki * g.dilationH();
                            int ix = ox * g.strideW() - g.padW() + kj * g.dilationW();
                            boolean inside = iy >= 0 && iy < h && ix >= 0 && ix < w;
                            idx[base + (ch * kh + ki) * kw + kj] = inside ? (long) ch * h * w + iy * w + ix : plane;
                        }
                    }
                }
            }
        }
        try (NDArray lent = manager.create(idx, new Shape(1, idx.length))) {
            return lent.toType(DataType.INT64, true); // a copy PyTorch owns (see HostArrays)
        }
    }
}
