package io.analogcomposer.tensor;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.analogcomposer.engine.analog.nn.AnalogConv2d;
import io.analogcomposer.engine.analog.nn.AnalogLayer;
import io.analogcomposer.engine.analog.nn.AnalogLinear;
import io.analogcomposer.engine.analog.update.PulsedAnalogConv;
import io.analogcomposer.engine.analog.update.PulsedAnalogLinear;
import io.analogcomposer.engine.data.Batch;
import io.analogcomposer.engine.data.BatchLoader;
import io.analogcomposer.engine.experiment.CancellationToken;
import io.analogcomposer.engine.experiment.Evaluation;
import io.analogcomposer.engine.experiment.OptimizerSpec;
import io.analogcomposer.engine.experiment.TrainingListener;
import io.analogcomposer.engine.nn.Activation;
import io.analogcomposer.engine.nn.Dropout;
import io.analogcomposer.engine.nn.Flatten;
import io.analogcomposer.engine.nn.Linear;
import io.analogcomposer.engine.nn.Loss;
import io.analogcomposer.engine.nn.Module;
import io.analogcomposer.engine.nn.Parameter;
import io.analogcomposer.engine.nn.Pool2d;
import io.analogcomposer.engine.nn.Sequential;
import io.analogcomposer.engine.tensor.Ops;
import io.analogcomposer.engine.tensor.Tensor;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hardware-aware training of a Java engine network ({@link Sequential}) as a tensor program on a {@link TensorDevice}:
 * the model's parameters are uploaded once; per batch the forward (analog layers with the training-time modifier and
 * their non-ideal tiles, digital layers as PyTorch operations), the loss, the backward (PyTorch's autograd; for the
 * analog layers the Java layer's backward, see {@link TensorAnalogTraining}), the optimizer step (SGD with momentum,
 * dampening, weight decay, Nesterov; Adam; the Java optimizers' arithmetic) and the analog layers' clipping and
 * remapping all run on the device. Layers trained in memory ({@link TensorPulsedLayer}) cut the graph, continue it
 * with their backward MVM, and change their weights only by the pulsed update after the optimizer step, at its
 * learning rate (AIHWKit's analog SGD); their digital bias takes the optimizer's step. Only the epoch's summed loss
 * and the evaluation outputs come back to the host. {@link #copyBack()} writes the trained state into the Java model
 * (for inference over time and checkpoints).
 */
public final class TensorTrainer implements AutoCloseable {
    private final Sequential model;
    private final TensorDevice device;
    private final NDManager state;
    private final List<Layer> layers = new ArrayList<>();
    private final List<TensorAnalogTraining> analog = new ArrayList<>();
    private final List<TensorPulsedLayer> pulsed = new ArrayList<>();
    private final List<NDArray> params = new ArrayList<>();
    private final List<NDArray> persistent = new ArrayList<>();
    private final Map<Parameter, NDArray> digital = new IdentityHashMap<>();
    private final Loss loss;
    private final boolean fromLogits;
    private final DeviceOptimizer optimizer;
    private final NDArray lossSum;

    /** One layer: its forward in training or eval mode (intermediates in the input's manager). */
    private interface Layer {
        NDArray forward(NDArray x, boolean training);
    }

    /**
     * Throws {@link UnsupportedOnTensorPath} naming the first layer, setting, loss or optimizer that training on the
     * device lacks; nothing is computed.
     */
    public static void checkSupported(Module model, String loss) {
        for (Module layer : TensorNetwork.layers(model)) {
            switch (layer) {
                case AnalogLinear a -> TensorAnalogTraining.checkSupported(a);
                case AnalogConv2d a -> TensorAnalogTraining.checkSupported(a);
                case AnalogLayer a -> throw new UnsupportedOnTensorPath("layer " + a.type() + " in training", null);
                case PulsedAnalogLinear p -> TensorPulsedLayer.checkSupported(p);
                case PulsedAnalogConv c -> throw new UnsupportedOnTensorPath("layer " + c.type()
                        + " trained in memory", "in-memory training of analog_linear layers");
                case Linear l -> {
                }
                case Flatten f -> {
                }
                case Dropout d -> {
                }
                case Activation a -> {
                }
                case Pool2d p -> TensorNetwork.checkSupported(p);
                default -> throw new UnsupportedOnTensorPath("layer " + layer.type() + " in training",
                        "training on the device has analog_linear (hardware-aware or in memory), analog_conv2d, "
                                + "linear, pooling, flatten, dropout and the activations");
            }
        }
        if (!loss.equals("nll") && !loss.equals("cross_entropy")) {
            throw new UnsupportedOnTensorPath("training.loss=" + loss, "only nll and cross_entropy");
        }
    }

    /**
     * Uploads {@code model}'s parameters to {@code device}; they are trained there until {@link #copyBack()}.
     *
     * @param loss {@code nll} or {@code cross_entropy}
     */
    public TensorTrainer(Sequential model, String loss, OptimizerSpec optimizer, TensorDevice device) {
        checkSupported(model, loss);
        this.model = model;
        this.device = device;
        this.loss = Loss.byName(loss);
        this.fromLogits = loss.equals("cross_entropy");
        this.state = device.manager().newSubManager();
        model.train(false); // pending clipping/remapping of the Java layers runs first, so the weights read are final
        for (Module layer : TensorNetwork.layers(model)) {
            layers.add(layer(layer));
        }
        java.util.Set<Parameter> inMemory = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (TensorPulsedLayer p : pulsed) {
            inMemory.add(p.javaLayer().weight()); // changed by pulses only, never by the optimizer
        }
        for (Parameter p : model.parameters()) {
            if (inMemory.contains(p)) {
                continue;
            }
            NDArray a = digital.get(p);
            if (a == null) {
                throw new IllegalStateException("parameter " + p.name() + " has no device array");
            }
            params.add(a);
        }
        this.lossSum = state.zeros(new Shape(1));
        persistent.add(lossSum);
        this.optimizer = new DeviceOptimizer(optimizer, params, state);
        persistent.addAll(this.optimizer.buffers());
        for (NDArray a : heldArrays()) {
            held.add(new float[Math.toIntExact(a.size())]);
        }
    }

    private Layer layer(Module layer) {
        return switch (layer) {
            case AnalogLinear a -> {
                TensorAnalogTraining t = analog(a);
                yield t::forwardRows;
            }
            case AnalogConv2d a -> {
                TensorAnalogTraining t = analog(a);
                yield new AnalogConv(a, t);
            }
            case PulsedAnalogLinear p -> {
                TensorPulsedLayer t = new TensorPulsedLayer(p, state, hasParametersSoFar());
                pulsed.add(t);
                persistent.addAll(t.persistent());
                if (t.bias != null) {
                    digital.put(p.bias(), t.bias);
                    persistent.add(t.bias);
                }
                yield t::forwardRows;
            }
            case Linear l -> {
                NDArray w = digitalParam(l.weight(), l.outFeatures(), l.inFeatures());
                NDArray b = l.bias() == null ? null : digitalParam(l.bias(), 1, l.outFeatures());
                yield (x, training) -> b == null ? x.matMul(w.transpose()) : x.matMul(w.transpose()).add(b);
            }
            case Flatten f -> (x, training) -> x.reshape(x.getShape().get(0), -1);
            case Dropout d -> {
                // inverted dropout as the Java layer: zero with probability p, the rest scaled by 1/(1-p)
                float p = d.p();
                yield (x, training) -> !training || p == 0f
                        ? x
                        : x.mul(x.getManager()
                                .randomUniform(0f, 1f, x.getShape(), ai.djl.ndarray.types.DataType.FLOAT32)
                                .gte(p).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).mul(1f / (1f - p)));
            }
            case Activation a -> {
                TensorNetwork.Step s = TensorNetwork.activation(a);
                yield (x, training) -> s.forward(x);
            }
            case Pool2d p -> {
                TensorNetwork.Step s = TensorNetwork.pool(p);
                yield (x, training) -> s.forward(x);
            }
            default -> throw new UnsupportedOnTensorPath("layer " + layer.type() + " in training", null);
        };
    }

    private TensorAnalogTraining analog(AnalogLayer a) {
        // the layers before the first one with parameters need no gradient: its input's is not computed
        TensorAnalogTraining t = new TensorAnalogTraining(a, state, hasParametersSoFar());
        analog.add(t);
        List<Parameter> javaParams = a.parameters();
        List<NDArray> deviceParams = t.parameters();
        for (int i = 0; i < javaParams.size(); i++) {
            digital.put(javaParams.get(i), deviceParams.get(i));
        }
        persistent.addAll(t.persistent());
        return t;
    }

    /** Whether a layer built so far has parameters (then the next layers' backward goes on to their inputs). */
    private boolean hasParametersSoFar() {
        return !digital.isEmpty() || !pulsed.isEmpty();
    }

    private NDArray digitalParam(Parameter p, long... shape) {
        NDArray a = HostArrays.copyOf(state, p.value().data(), new Shape(shape));
        a.setRequiresGradient(true);
        digital.put(p, a);
        persistent.add(a);
        return a;
    }

    /** An analog convolution: each output pixel's receptive field is one input row of the tiles. */
    private final class AnalogConv implements Layer {
        private final TensorAnalogTraining tiles;
        private final ConvPatches patches;

        AnalogConv(AnalogConv2d layer, TensorAnalogTraining tiles) {
            this.tiles = tiles;
            this.patches = new ConvPatches(layer, state);
        }

        @Override
        public NDArray forward(NDArray x, boolean training) {
            return patches.apply(x, rows -> tiles.forwardRows(rows, training));
        }
    }

    private NDArray forward(NDArray x, boolean training) {
        for (Layer l : layers) {
            x = l.forward(x, training);
        }
        return x;
    }

    /** A batch's inputs on the device (in {@code scope}). */
    private static NDArray upload(Batch batch, NDManager scope) {
        Tensor in = batch.inputs();
        long[] shape = new long[in.shape().length];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = in.shape()[i];
        }
        return HostArrays.copyOf(scope, FloatBuffer.wrap(in.data(), 0, in.size()), new Shape(shape));
    }

    /** The batch's labels one-hot, {@code [n, classes]}. */
    private static NDArray oneHot(Batch batch, int classes, NDManager scope) {
        float[] h = new float[batch.size() * classes];
        for (int i = 0; i < batch.size(); i++) {
            h[i * classes + batch.label(i)] = 1f;
        }
        return HostArrays.copyOf(scope, h, new Shape(batch.size(), classes));
    }

    /** Forward, loss and backward of one batch in training mode; gradients are left on the parameters. */
    private void backward(Batch batch, int classes, NDManager scope) {
        NDArray x = upload(batch, scope);
        NDArray target = oneHot(batch, classes, scope);
        try (GradientCollector gc = Engine.getEngine(TensorDevice.ENGINE).newGradientCollector()) {
            NDArray out = forward(x, true);
            NDArray logp = fromLogits ? out.logSoftmax(1) : out;
            NDArray l = logp.mul(target).sum().neg() // mean nll
                    .div(HostArrays.scalar(scope, (float) batch.size()));
            gc.backward(l);
            // the layers trained in memory cut the graph: their backward MVMs continue it, last layer first
            for (int i = pulsed.size() - 1; i >= 0; i--) {
                pulsed.get(i).backward(gc);
            }
            lossSum.addi(l.stopGradient().mul((float) batch.size()));
        }
        for (TensorAnalogTraining a : analog) {
            a.afterBackward();
        }
    }

    /**
     * One pass over {@code train} at learning rate {@code lr}; returns the sample-weighted mean loss (read back once),
     * or NaN when cancelled before the epoch finished.
     *
     * @throws ArithmeticException when the loss is not finite (as the Java trainer, but found at the epoch's end)
     */
    public double trainEpoch(BatchLoader train, int epoch, double lr, TrainingListener listener,
            CancellationToken cancel) {
        noGradOnThisThread();
        optimizer.lr = lr;
        train.startEpoch(epoch);
        int batches = train.batches(), classes = train.dataset().numClasses();
        long seen = 0;
        lossSum.muli(0f);
        for (int b = 0; b < batches; b++) {
            if (cancel.isCancellationRequested()) {
                return Double.NaN;
            }
            Batch batch = train.batch(b);
            try (NDManager scope = state.newSubManager()) {
                scope.tempAttachAll(persistent.toArray(NDArray[]::new));
                backward(batch, classes, scope);
                optimizer.step();
                for (TensorPulsedLayer p : pulsed) {
                    p.update(optimizer.lr); // AIHWKit's analog SGD: the plain gradient's pulses at the current lr
                }
                for (TensorAnalogTraining a : analog) {
                    a.afterStep();
                }
                optimizer.zeroGradients();
            }
            seen += batch.size();
            listener.onBatch(epoch + 1, b + 1, batches);
        }
        double mean = lossSum.toFloatArray()[0] / Math.max(1, seen);
        if (!Double.isFinite(mean)) {
            throw new ArithmeticException("training diverged: loss is " + mean + " in epoch " + (epoch + 1)
                    + " (try a smaller learning rate)");
        }
        return mean;
    }

    /**
     * The gradients of one batch in training mode (forward with the modifier, backward), in the order of the Java
     * model's {@code parameters()} without the weights trained in memory (they have no gradient); nothing is stepped.
     */
    public List<float[]> gradients(Batch batch, int classes) {
        noGradOnThisThread();
        try (NDManager scope = state.newSubManager()) {
            scope.tempAttachAll(persistent.toArray(NDArray[]::new));
            backward(batch, classes, scope);
            List<float[]> g = new ArrayList<>();
            for (NDArray p : params) {
                g.add(p.getGradient().toFloatArray());
            }
            optimizer.zeroGradients();
            return g;
        }
    }

    /** Loss and accuracy in eval mode (no modifier); per batch only the outputs come back. */
    public Evaluation evaluate(BatchLoader data) {
        noGradOnThisThread();
        data.startEpoch(0);
        double total = 0;
        int correct = 0, seen = 0;
        for (int b = 0; b < data.batches(); b++) {
            Batch batch = data.batch(b);
            float[] out;
            try (NDManager scope = state.newSubManager()) {
                scope.tempAttachAll(persistent.toArray(NDArray[]::new));
                out = forward(upload(batch, scope), false).toFloatArray();
            }
            int classes = out.length / batch.size();
            total += (double) loss.forward(Tensor.wrap(out, batch.size(), classes), batch.targets()) * batch.size();
            for (int i = 0; i < batch.size(); i++) {
                if (Ops.argmax(out, i * classes, classes) == batch.label(i)) {
                    correct++;
                }
            }
            seen += batch.size();
        }
        return new Evaluation(total / Math.max(1, seen), seen == 0 ? Double.NaN : (double) correct / seen, seen);
    }

    /**
     * Turns PyTorch's autograd recording off for the calling thread: it is per thread and on by default, and the
     * optimizer's and the post-step's in-place writes to the parameters must not be recorded (nor may evaluation
     * build graphs). Only the gradient collector of a training step turns it on, and off again when it closes.
     */
    private static void noGradOnThisThread() {
        ai.djl.pytorch.jni.JniUtils.setGradMode(false);
    }

    /** Writes the trained parameters and mapping scales into the Java model. */
    public void copyBack() {
        for (TensorAnalogTraining a : analog) {
            a.copyBack();
        }
        for (TensorPulsedLayer p : pulsed) {
            p.copyBack();
        }
        for (Map.Entry<Parameter, NDArray> e : digital.entrySet()) {
            float[] v = e.getValue().toFloatArray();
            float[] to = e.getKey().value().data();
            if (v.length == e.getKey().value().size() && to.length >= v.length) {
                System.arraycopy(v, 0, to, 0, v.length);
            }
        }
    }

    /** The device this trainer computes on. */
    public TensorDevice device() {
        return device;
    }

    /**
     * What a saved session needs beyond the Java model (after {@link #copyBack()}): the optimizer's buffers and step
     * count and the input ranges' data initialisation, as host copies. {@link #holdState()} fills them from the device
     * before a capture; a restore writes them, and {@link #loadHeldState(TensorTrainer)} puts them on another trainer's
     * device.
     */
    public io.analogcomposer.engine.resume.TrainingState.Part deviceState() {
        return r -> {
            for (int i = 0; i < held.size(); i++) {
                r.floats("tensor.state" + i, held.get(i));
            }
            r.scalar("tensor.optimizer.t", () -> optimizer.t, v -> optimizer.t = v);
            r.scalar("tensor.optimizer.started", () -> optimizer.started ? 1 : 0, v -> optimizer.started = v != 0);
            for (int i = 0; i < analog.size(); i++) {
                TensorAnalogTraining a = analog.get(i);
                r.scalar("tensor.analog" + i + ".range_init_batches", a::rangeInitBatches, a::rangeInitBatches);
            }
        };
    }

    /** The device arrays {@link #deviceState()} holds on the host, in a fixed order. */
    private List<NDArray> heldArrays() {
        List<NDArray> all = new ArrayList<>(optimizer.buffers());
        for (TensorAnalogTraining a : analog) {
            all.add(a.rangeSum());
        }
        return all;
    }

    private final List<float[]> held = new ArrayList<>();

    /** Copies the held device state to the host (before a capture). */
    public void holdState() {
        List<NDArray> arrays = heldArrays();
        for (int i = 0; i < arrays.size(); i++) {
            System.arraycopy(arrays.get(i).toFloatArray(), 0, held.get(i), 0, held.get(i).length);
        }
    }

    /** Puts {@code from}'s held (restored) state on this trainer's device. */
    public void loadHeldState(TensorTrainer from) {
        List<NDArray> arrays = heldArrays();
        for (int i = 0; i < arrays.size(); i++) {
            arrays.get(i).set(java.nio.FloatBuffer.wrap(from.held.get(i)));
        }
        optimizer.t = from.optimizer.t;
        optimizer.started = from.optimizer.started;
        for (int i = 0; i < analog.size(); i++) {
            analog.get(i).rangeInitBatches(from.analog.get(i).rangeInitBatches());
        }
    }

    /** The Java model this trainer trains. */
    public Sequential model() {
        return model;
    }

    @Override
    public void close() {
        state.close();
    }

    /**
     * The Java engine's optimizers on device arrays, with the same arithmetic: {@code Sgd} (PyTorch's momentum buffer
     * seeded with the first gradient, dampening, weight decay, Nesterov) and {@code Adam} (bias-corrected step).
     */
    private static final class DeviceOptimizer {
        private final boolean adam;
        private final float momentum, dampening, weightDecay;
        private final boolean nesterov;
        private final double beta1, beta2, eps;
        private final List<NDArray> params;
        private final List<NDArray> first = new ArrayList<>(), second = new ArrayList<>();
        private boolean started;
        private long t;
        double lr;

        DeviceOptimizer(OptimizerSpec spec, List<NDArray> params, NDManager state) {
            // the same validation as the Java optimizers (the spec's create throws on bad values)
            spec.create(List.of());
            this.adam = spec.type().equals("adam");
            this.momentum = (float) spec.momentum();
            this.dampening = (float) spec.dampening();
            this.weightDecay = (float) spec.weightDecay();
            this.nesterov = spec.nesterov();
            this.beta1 = spec.beta1();
            this.beta2 = spec.beta2();
            this.eps = spec.eps();
            this.lr = spec.lr();
            this.params = params;
            for (NDArray p : params) {
                if (adam || momentum > 0) {
                    first.add(state.zeros(p.getShape()));
                }
                if (adam) {
                    second.add(state.zeros(p.getShape()));
                }
            }
        }

        List<NDArray> buffers() {
            List<NDArray> all = new ArrayList<>(first);
            all.addAll(second);
            return all;
        }

        void step() {
            if (adam) {
                adam();
            } else {
                sgd();
            }
        }

        private void sgd() {
            float a = (float) lr;
            for (int i = 0; i < params.size(); i++) {
                NDArray w = params.get(i), g = w.getGradient();
                if (weightDecay != 0f) {
                    g.addi(w.mul(weightDecay));
                }
                if (momentum == 0f) {
                    w.subi(g.mul(a));
                    continue;
                }
                NDArray v = first.get(i);
                if (!started) {
                    v.muli(0f).addi(g); // PyTorch seeds the buffer with the first gradient
                } else {
                    v.muli(momentum).addi(g.mul(1f - dampening));
                }
                if (nesterov) {
                    w.subi(g.mul(a));
                    w.subi(v.mul(a * momentum));
                } else {
                    w.subi(v.mul(a));
                }
            }
            started = true;
        }

        private void adam() {
            t++;
            float b1 = (float) beta1, b2 = (float) beta2;
            double c1 = 1 - Math.pow(beta1, t), c2 = 1 - Math.pow(beta2, t);
            float stepSize = (float) (lr / c1), sqrtC2 = (float) Math.sqrt(c2), e = (float) eps;
            for (int i = 0; i < params.size(); i++) {
                NDArray w = params.get(i), g = w.getGradient();
                if (weightDecay != 0f) {
                    g = g.add(w.mul(weightDecay));
                }
                NDArray m = first.get(i), v = second.get(i);
                m.muli(b1).addi(g.mul(1 - b1));
                v.muli(b2).addi(g.square().mul(1 - b2));
                w.subi(m.mul(stepSize).div(v.sqrt().div(sqrtC2).add(e)));
            }
        }

        void zeroGradients() {
            for (NDArray p : params) {
                p.getGradient().muli(0f);
            }
        }
    }
}
