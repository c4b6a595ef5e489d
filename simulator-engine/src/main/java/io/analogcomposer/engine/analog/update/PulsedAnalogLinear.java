package io.analogcomposer.engine.analog.update;

import io.analogcomposer.engine.analog.io.AnalogMvm;
import io.analogcomposer.engine.nn.Module;
import io.analogcomposer.engine.nn.Parameter;
import io.analogcomposer.engine.random.Rng;
import io.analogcomposer.engine.tensor.Ops;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A fully connected layer trained in analog memory (AIHWKit's {@code AnalogLinear} with a {@code SingleRPUConfig}):
 * forward {@code y = MVM_fwd(W, x) + b} and backward {@code dx = MVM_bwd(W^T, dy)} are non-ideal analog MVMs
 * ({@link AnalogMvm}, the inference engine's tile model), and the weight update is the pulsed one of a
 * {@link PulsedTile}, applied by {@link AnalogSgd}. The bias is digital and updated by plain SGD.
 *
 * <p>
 * The {@code weight} parameter mirrors the devices' weights (for checkpoints and inspection); its gradient is unused.
 */
public final class PulsedAnalogLinear extends Module {
    private final int inSize, outSize;
    private final TrainingRpuConfig config;
    private final AnalogUpdateTile tile;
    private final AnalogMvm fwd, bwd;
    private final Parameter weight, bias;
    private final Rng rng;
    private float[] wT = new float[0];
    private Tensor input, output, gradInput;
    private float[] lastD = new float[0];
    private int lastBatch;

    /** A layer with PyTorch's U(-1/sqrt(in), 1/sqrt(in)) initial weights programmed into the devices. */
    public PulsedAnalogLinear(int inFeatures, int outFeatures, boolean withBias, TrainingRpuConfig config, Rng rng) {
        this.inSize = inFeatures;
        this.outSize = outFeatures;
        this.config = config;
        this.rng = rng.split(0x51);
        this.tile = config.createTile(outFeatures, inFeatures, rng.split(0x52));
        this.fwd = new AnalogMvm(config.forward(), outFeatures, inFeatures, rng.split(0x53));
        this.bwd = new AnalogMvm(config.backward(), inFeatures, outFeatures, rng.split(0x54));
        float bound = (float) (1.0 / Math.sqrt(inFeatures));
        float[] w = new float[outFeatures * inFeatures];
        Rng init = rng.split(0x55);
        init.fillUniform(w, 0, w.length, -bound, bound);
        tile.setWeights(w);
        this.weight = new Parameter("weight", Tensor.zeros(outFeatures, inFeatures));
        syncWeight();
        if (withBias) {
            Tensor b = Tensor.zeros(outFeatures);
            init.fillUniform(b.data(), 0, outFeatures, -bound, bound);
            this.bias = new Parameter("bias", b);
        } else {
            this.bias = null;
        }
    }

    /** The tile holding the devices. */
    public AnalogUpdateTile tile() {
        return tile;
    }

    public TrainingRpuConfig config() {
        return config;
    }

    /** The weight mirror parameter (excluded from digital optimizer steps). */
    public Parameter weight() {
        return weight;
    }

    /** The digital bias, or null. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public String type() {
        return "analog_linear";
    }

    @Override
    public int[] outputShape(int[] s) {
        if (s.length != 1 || s[0] != inSize) {
            throw new IllegalArgumentException(
                    "analog_linear expects input shape [" + inSize + "], got " + Arrays.toString(s));
        }
        return new int[]{outSize};
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 2 || x.dim(1) != inSize) {
            throw new IllegalArgumentException(
                    "analog_linear(" + inSize + "->" + outSize + ") expects [batch, " + inSize + "], got "
                            + x.shapeString());
        }
        int b = x.dim(0);
        input = x;
        output = Tensor.ensure(output, b, outSize);
        fwd.forward(tile.weights(), x.data(), b, output.data(), 1.0, rng, backend);
        if (bias != null) {
            float[] y = output.data(), bb = bias.value().data();
            for (int r = 0; r < b; r++) {
                for (int i = 0; i < outSize; i++) {
                    y[r * outSize + i] += bb[i];
                }
            }
        }
        return output;
    }

    @Override
    public Tensor backward(Tensor dy) {
        int b = input.dim(0);
        if (dy.rank() != 2 || dy.dim(0) != b || dy.dim(1) != outSize) {
            throw new IllegalArgumentException(
                    "analog_linear backward expects [" + b + ", " + outSize + "], got " + dy.shapeString());
        }
        if (lastD.length < b * outSize) {
            lastD = new float[b * outSize];
        }
        System.arraycopy(dy.data(), 0, lastD, 0, b * outSize); // the update's d (the layer's output error)
        lastBatch = b;
        if (bias != null) {
            Ops.columnSums(dy.data(), b, outSize, bias.grad().data());
        }
        if (!needsInputGrad) {
            return null;
        }
        float[] w = tile.weights();
        if (wT.length != w.length) {
            wT = new float[w.length];
        }
        for (int i = 0; i < outSize; i++) {
            for (int j = 0; j < inSize; j++) {
                wT[j * outSize + i] = w[i * inSize + j];
            }
        }
        gradInput = Tensor.ensure(gradInput, b, inSize);
        bwd.forward(wT, dy.data(), b, gradInput.data(), 1.0, rng, backend);
        return gradInput;
    }

    /** Applies the pulsed update {@code W -= lr Σ d x^T} of the last forward/backward pair. */
    public void applyUpdate(double lr) {
        if (lastBatch == 0) {
            return;
        }
        tile.update(input.data(), lastD, lastBatch, lr);
        lastBatch = 0;
        syncWeight();
    }

    private void syncWeight() {
        System.arraycopy(tile.weights(), 0, weight.value().data(), 0, outSize * inSize);
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> p = new ArrayList<>();
        p.add(weight);
        if (bias != null) {
            p.add(bias);
        }
        return p;
    }
}
