package io.analogcomposer.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import io.analogcomposer.engine.analog.nn.AnalogConv2d;
import io.analogcomposer.engine.analog.nn.AnalogLayer;
import io.analogcomposer.engine.analog.nn.AnalogLinear;
import io.analogcomposer.engine.nn.Activation;
import io.analogcomposer.engine.nn.Dropout;
import io.analogcomposer.engine.nn.Flatten;
import io.analogcomposer.engine.nn.Linear;
import io.analogcomposer.engine.nn.Module;
import io.analogcomposer.engine.nn.Pool2d;
import io.analogcomposer.engine.nn.Sequential;
import java.util.ArrayList;
import java.util.List;

/**
 * A network of the Java engine ({@link Sequential}) as a tensor program for inference: its analog layers on device
 * tiles ({@link TensorAnalogLayer}), its digital layers as PyTorch operations. Built from the trained Java model's
 * state (weights, scales, input ranges), so both evaluate the same network.
 */
public final class TensorNetwork implements AutoCloseable {
    private final NDManager state;
    private final List<Step> steps = new ArrayList<>();
    private final List<TensorAnalogLayer> analog = new ArrayList<>();

    /** One layer's eval-mode forward; intermediate arrays land in the input's manager. */
    interface Step {
        NDArray forward(NDArray x);
    }

    /**
     * Throws {@link UnsupportedOnTensorPath} naming the first layer or setting of {@code model} that the tensor program
     * does not implement yet; nothing is computed.
     */
    public static void checkSupported(Module model) {
        for (Module layer : layers(model)) {
            switch (layer) {
                case AnalogLinear a -> TensorAnalogLayer.checkSupported(a);
                case AnalogConv2d a -> TensorAnalogLayer.checkSupported(a);
                case AnalogLayer a -> throw new UnsupportedOnTensorPath("layer " + a.type(), null);
                case Linear l -> {
                }
                case Flatten f -> {
                }
                case Dropout d -> {
                }
                case Activation a -> {
                }
                case Pool2d p -> checkSupported(p);
                default -> throw new UnsupportedOnTensorPath("layer " + layer.type(), null);
            }
        }
    }

    /** Throws {@link UnsupportedOnTensorPath} for a pooling the tensor program lacks. */
    static void checkSupported(Pool2d p) {
        int[] w = p.window();
        if (w[3] != 1) {
            throw new UnsupportedOnTensorPath(p.type() + ".dilation", "only 1");
        }
        if (p.kind() == Pool2d.Kind.AVG && w[2] != 0) {
            throw new UnsupportedOnTensorPath("avg_pool2d.padding", "only 0");
        }
    }

    /** The model's layers in order, nested sequentials flattened. */
    static List<Module> layers(Module model) {
        List<Module> all = new ArrayList<>();
        if (model instanceof Sequential s) {
            for (Module m : s.layers()) {
                all.addAll(layers(m));
            }
        } else {
            all.add(model);
        }
        return all;
    }

    /** The model's layers on {@code device}; its arrays live until {@link #close()}. */
    public TensorNetwork(Module model, TensorDevice device) {
        checkSupported(model);
        this.state = device.manager().newSubManager();
        for (Module layer : layers(model)) {
            steps.add(step(layer));
        }
    }

    private Step step(Module layer) {
        return switch (layer) {
            case AnalogLinear a -> {
                TensorAnalogLayer t = new TensorAnalogLayer(a, state);
                analog.add(t);
                yield t::forwardRows;
            }
            case AnalogConv2d a -> {
                TensorAnalogLayer t = new TensorAnalogLayer(a, state);
                analog.add(t);
                yield new AnalogConv(a, t);
            }
            case Linear l -> {
                NDArray wt = HostArrays
                        .copyOf(state, l.weight().value().data(), new Shape(l.outFeatures(), l.inFeatures()))
                        .transpose().duplicate();
                NDArray b = l.bias() == null
                        ? null
                        : HostArrays.copyOf(state, l.bias().value().data(), new Shape(1, l.outFeatures()));
                yield x -> b == null ? x.matMul(wt) : x.matMul(wt).add(b);
            }
            case Flatten f -> x -> x.reshape(x.getShape().get(0), -1);
            case Dropout d -> x -> x; // eval mode
            case Activation a -> activation(a);
            case Pool2d p -> pool(p);
            default -> throw new UnsupportedOnTensorPath("layer " + layer.type(), null);
        };
    }

    /** A pooling layer (PyTorch's own pooling, differentiable for training). */
    static Step pool(Pool2d p) {
        int[] w = p.window();
        Shape k = new Shape(w[0], w[0]), s = new Shape(w[1], w[1]), pad = new Shape(w[2], w[2]);
        return p.kind() == Pool2d.Kind.MAX
                ? x -> Pool.maxPool2d(x, k, s, pad, p.ceilMode())
                : x -> Pool.avgPool2d(x, k, s, pad, p.ceilMode(), true);
    }

    /** An activation (elementwise PyTorch operations, differentiable for training). */
    static Step activation(Activation a) {
        float slope = a.negativeSlope();
        return switch (a.kind()) {
            // numbers enter the recorded graph as arrays PyTorch owns (HostArrays.scalar), never as DJL's lent ones
            case RELU -> x -> x.maximum(HostArrays.scalar(x.getManager(), 0f));
            case LEAKY_RELU -> x -> ai.djl.ndarray.NDArrays.where(x.gt(0f), x,
                    x.mul(HostArrays.scalar(x.getManager(), slope)));
            case SIGMOID -> x -> x.neg().exp().add(HostArrays.scalar(x.getManager(), 1f))
                    .pow(HostArrays.scalar(x.getManager(), -1f));
            case TANH -> NDArray::tanh;
            case SOFTMAX -> x -> x.softmax(1);
            case LOG_SOFTMAX -> x -> x.logSoftmax(1);
            case LOG_SIGMOID -> x -> x.minimum(HostArrays.scalar(x.getManager(), 0f))
                    .sub(x.abs().neg().exp().add(HostArrays.scalar(x.getManager(), 1f)).log());
        };
    }

    /** An analog convolution: every output pixel's receptive field is one input row of the tiles. */
    private final class AnalogConv implements Step {
        private final TensorAnalogLayer tiles;
        private final ConvPatches patches;

        AnalogConv(AnalogConv2d layer, TensorAnalogLayer tiles) {
            this.tiles = tiles;
            this.patches = new ConvPatches(layer, state);
        }

        @Override
        public NDArray forward(NDArray x) {
            return patches.apply(x, tiles::forwardRows);
        }
    }

    /** Programs every analog layer's tiles (programming noise, drift exponents, compensation references). */
    public void program() {
        for (TensorAnalogLayer a : analog) {
            a.program(state);
        }
    }

    /** Moves every analog layer to {@code t} seconds after programming. */
    public void drift(double t) {
        for (TensorAnalogLayer a : analog) {
            a.drift(t, state);
        }
    }

    /** Back to the stored weights. */
    public void clearProgramming() {
        for (TensorAnalogLayer a : analog) {
            a.clearProgramming();
        }
    }

    /**
     * The eval-mode forward of a batch already on the device; intermediates are freed when {@code scope} closes (the
     * input is attached to it for the call).
     */
    public NDArray forward(NDArray batch, NDManager scope) {
        scope.tempAttachAll(batch);
        NDArray x = batch;
        for (Step s : steps) {
            x = s.forward(x);
        }
        return x;
    }

    /** The manager the network's arrays live in (batches uploaded for it should live as long). */
    public NDManager manager() {
        return state;
    }

    @Override
    public void close() {
        state.close();
    }
}
