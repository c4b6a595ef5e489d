package io.analogcomposer.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.analogcomposer.engine.analog.inference.InferenceEvaluator;
import io.analogcomposer.engine.data.Batch;
import io.analogcomposer.engine.data.BatchLoader;
import io.analogcomposer.engine.data.Dataset;
import io.analogcomposer.engine.nn.Loss;
import io.analogcomposer.engine.nn.Module;
import io.analogcomposer.engine.tensor.Ops;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Accuracy over time of an analog network as a tensor program on a {@link TensorDevice}: the same loop as the Java
 * engine's {@link InferenceEvaluator} (per repetition: program once, then per time drift and evaluate the test set),
 * with the same settings, listener and result. The test set is uploaded once; per batch only the network's outputs
 * (batch × classes) come back, for the same accuracy and loss code as the Java evaluator.
 */
public final class TensorInference {
    private final TensorDevice device;
    private final long memoryLimit;

    public TensorInference(TensorDevice device) {
        this(device, -1);
    }

    /** With a device memory budget in bytes instead of the device's free memory ({@code < 0}: the device's). */
    public TensorInference(TensorDevice device, long memoryLimitBytes) {
        this.device = device;
        this.memoryLimit = memoryLimitBytes;
    }

    /** The device this evaluator computes on. */
    public TensorDevice device() {
        return device;
    }

    /**
     * Evaluates {@code model} over {@code s.times()} with {@code s.repetitions()} programmings; {@code cancel} is polled
     * between points. Throws {@link UnsupportedOnTensorPath} before computing anything when the model needs what the
     * tensor program lacks.
     */
    public List<InferenceEvaluator.Point> evaluate(Module model, Dataset test, Loss loss,
            InferenceEvaluator.Settings s, InferenceEvaluator.Listener listener, BooleanSupplier cancel) {
        TensorNetwork.checkSupported(model);
        long free = memoryLimit >= 0 ? memoryLimit : device.freeMemoryBytes();
        long needed = estimateBytes(model, test, s.batchSize());
        if (free >= 0 && needed > free) {
            throw new DeviceMemoryTooSmall(needed, free, device.name());
        }
        model.train(false); // the Java layers' pending clipping/remapping runs, so the weights read are final
        int nt = s.times().length;
        double[][] acc = new double[s.repetitions()][nt], lo = new double[s.repetitions()][nt];
        BatchLoader loader = new BatchLoader(test, s.batchSize(), false, 0, !loss.classTargets());
        device.seed(s.seed());
        List<InferenceEvaluator.Point> result = List.of();
        try (TensorNetwork net = new TensorNetwork(model, device); NDManager data = net.manager().newSubManager()) {
            List<HostBatch> batches = new ArrayList<>();
            List<NDArray> inputs = new ArrayList<>();
            loader.startEpoch(0);
            for (int b = 0; b < loader.batches(); b++) {
                Batch batch = loader.batch(b);
                Tensor in = batch.inputs();
                inputs.add(HostArrays.copyOf(data, in.data(), toShape(in.shape())));
                batches.add(HostBatch.of(batch));
            }
            for (int rep = 0; rep < s.repetitions(); rep++) {
                net.program();
                for (int k = 0; k < nt; k++) {
                    if (cancel != null && cancel.getAsBoolean()) {
                        return result;
                    }
                    net.drift(s.times()[k]);
                    double[] e = evaluateOnce(net, inputs, batches, loss);
                    acc[rep][k] = e[0];
                    lo[rep][k] = e[1];
                    if (listener != null) {
                        listener.onPoint(rep, k, s.times()[k], e[0], e[1]);
                    }
                }
                result = summarize(s.times(), acc, lo, rep + 1);
                if (listener != null) {
                    listener.onRepetition(rep, result);
                }
            }
            net.clearProgramming();
        }
        return result;
    }

    /** A batch's targets and labels on the host (the loader reuses its batch buffers). */
    private record HostBatch(Tensor targets, int[] labels) {
        static HostBatch of(Batch b) {
            int[] labels = new int[b.size()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = b.label(i);
            }
            return new HostBatch(Tensor.of(b.targets().data().clone(), b.targets().shape()), labels);
        }

        int size() {
            return labels.length;
        }
    }

    /**
     * A rough upper estimate of the device memory an evaluation holds at once: the uploaded test set, each analog
     * layer's weights in their eight forms (stored, transposed, programmed, two drift-exponent arrays, drifted,
     * transposed, magnitudes), and one batch's intermediates at the widest layer (an analog convolution's patch rows
     * counted with the DAC's and ADC's temporaries).
     */
    static long estimateBytes(Module model, Dataset test, int batchSize) {
        int[] shape = test.sampleShape();
        long features = 1;
        for (int d : shape) {
            features *= d;
        }
        long bytes = (long) test.size() * features * 4;
        long widest = 0;
        int[] s = shape;
        for (Module layer : model instanceof io.analogcomposer.engine.nn.Sequential q ? q.layers() : List.of(model)) {
            int[] out = layer.outputShape(s);
            long in = 1, o = 1;
            for (int d : s) {
                in *= d;
            }
            for (int d : out) {
                o *= d;
            }
            long work = in + o;
            if (layer instanceof io.analogcomposer.engine.analog.nn.AnalogLayer a) {
                bytes += 8L * 4 * a.outSize() * (a.inSize() + 1);
                long positions = a instanceof io.analogcomposer.engine.analog.nn.AnalogConv2d ? o / a.outSize() : 1;
                work += 8 * positions * a.inSize() + 4 * o;
            }
            widest = Math.max(widest, work);
            s = out;
        }
        return bytes + widest * batchSize * 4;
    }

    private static Shape toShape(int[] shape) {
        long[] l = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            l[i] = shape[i];
        }
        return new Shape(l);
    }

    /** Accuracy and mean loss of the network in its current state over the uploaded batches. */
    private static double[] evaluateOnce(TensorNetwork net, List<NDArray> inputs, List<HostBatch> batches,
            Loss loss) {
        double total = 0;
        long correct = 0, seen = 0;
        for (int b = 0; b < inputs.size(); b++) {
            HostBatch batch = batches.get(b);
            float[] out;
            try (NDManager scope = net.manager().newSubManager()) {
                out = net.forward(inputs.get(b), scope).toFloatArray();
            }
            Tensor logits = Tensor.wrap(out, batch.size(), out.length / batch.size());
            total += (double) loss.forward(logits, batch.targets()) * batch.size();
            int classes = out.length / batch.size();
            for (int i = 0; i < batch.size(); i++) {
                if (Ops.argmax(out, i * classes, classes) == batch.labels()[i]) {
                    correct++;
                }
            }
            seen += batch.size();
        }
        return new double[]{seen == 0 ? Double.NaN : (double) correct / seen, total / Math.max(1, seen)};
    }

    private static List<InferenceEvaluator.Point> summarize(double[] times, double[][] acc, double[][] lo, int reps) {
        List<InferenceEvaluator.Point> ps = new ArrayList<>();
        for (int k = 0; k < times.length; k++) {
            double[] a = new double[reps], l = new double[reps];
            for (int r = 0; r < reps; r++) {
                a[r] = acc[r][k];
                l[r] = lo[r][k];
            }
            ps.add(new InferenceEvaluator.Point(times[k], mean(a), std(a), mean(l), std(l), reps));
        }
        return ps;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double std(double[] v) {
        if (v.length < 2) {
            return 0;
        }
        double m = mean(v), q = 0;
        for (double x : v) {
            q += (x - m) * (x - m);
        }
        return Math.sqrt(q / (v.length - 1));
    }
}
