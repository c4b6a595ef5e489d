package io.analogcomposer.engine.analog.nn;

import io.analogcomposer.engine.analog.config.InferenceRpuConfig;
import io.analogcomposer.engine.backend.ComputeBackend;
import io.analogcomposer.engine.nn.Module;
import io.analogcomposer.engine.nn.Parameter;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Analog 1-D convolution {@code [B, C, L] -> [B, O, L']}, an {@link AnalogConv2d} over a height-1 image. */
public final class AnalogConv1d extends Module {
    private final AnalogConv2d conv;
    private final int inC, outC;
    private final Tensor inView = Tensor.zeros(1), outView = Tensor.zeros(1), gradView = Tensor.zeros(1);
    private int batch, length;

    /** A convolution along the length axis. */
    public AnalogConv1d(int inChannels, int outChannels, int kernel, int stride, int padding, int dilation,
            boolean bias, InferenceRpuConfig config, Rng init) {
        this.conv = new AnalogConv2d(inChannels, outChannels, 1, kernel, 1, stride, 0, padding, 1, dilation, bias,
                config, init);
        this.inC = inChannels;
        this.outC = outChannels;
    }

    /** The underlying analog layer (programming, drift, weights). */
    public AnalogConv2d analog() {
        return conv;
    }

    @Override
    public String type() {
        return "analog_conv1d";
    }

    @Override
    public int[] outputShape(int[] s) {
        if (s.length != 2) {
            throw new IllegalArgumentException("analog_conv1d expects input shape [C, L], got " + Arrays.toString(s));
        }
        int[] o = conv.outputShape(new int[]{s[0], 1, s[1]});
        return new int[]{o[0], o[2]};
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 3 || x.dim(1) != inC) {
            throw new IllegalArgumentException(
                    "analog_conv1d(" + inC + "->" + outC + ") expects [batch, " + inC + ", L], got " + x.shapeString());
        }
        batch = x.dim(0);
        length = x.dim(2);
        Tensor y = conv.forward(inView.viewOf(x, batch, inC, 1, length));
        return outView.viewOf(y, batch, outC, y.dim(3));
    }

    @Override
    public Tensor backward(Tensor dy) {
        Tensor g = conv.backward(dy.reshape(dy.dim(0), dy.dim(1), 1, dy.dim(2)));
        return g == null ? null : gradView.viewOf(g, batch, inC, length);
    }

    @Override
    public List<Parameter> parameters() {
        return conv.parameters();
    }

    @Override
    public Map<String, Tensor> buffers() {
        return conv.buffers();
    }

    @Override
    public void train(boolean on) {
        super.train(on);
        conv.train(on);
    }

    @Override
    public void setBackend(ComputeBackend b) {
        super.setBackend(b);
        conv.setBackend(b);
    }

    @Override
    public void setNeedsInputGrad(boolean needed) {
        super.setNeedsInputGrad(needed);
        conv.setNeedsInputGrad(needed);
    }
}
