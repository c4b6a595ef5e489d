package io.analogcomposer.engine.nn;

import io.analogcomposer.engine.resume.StateRegistry;
import io.analogcomposer.engine.resume.TrainingState;
import io.analogcomposer.engine.backend.ComputeBackend;
import io.analogcomposer.engine.backend.JavaBackend;
import io.analogcomposer.engine.tensor.Parallel;
import io.analogcomposer.engine.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A network building block with an explicit forward and backward pass over batches ({@code [batch, ...]}).
 *
 * <p>
 * Contract: {@link #forward} returns a buffer owned by the module, valid until its next forward; {@link #backward}
 * takes the gradient of the loss with respect to that output, writes the gradients of the module's parameters and
 * returns the gradient with respect to the last input (or null when {@link #needsInputGrad} is off, which saves the
 * first layer's work). A module that learns must list what it learns in {@link #parameters()}: containers use that
 * to decide which layers can skip their input gradient. Analog layers plug in by extending this class.
 */
public abstract class Module implements TrainingState.Part {
    private static final ComputeBackend DEFAULT_BACKEND = new JavaBackend(Parallel.CORES);

    /** Backend used for this module's heavy kernels. */
    protected ComputeBackend backend = DEFAULT_BACKEND;
    /** Training mode (dropout active, batch-norm uses batch statistics). */
    protected boolean training = true;
    /** Whether backward must produce the input gradient. */
    protected boolean needsInputGrad = true;

    /** The layer's type name in the experiment format's snake_case vocabulary, e.g. {@code linear}. */
    public abstract String type();

    /** Per-sample output shape for a per-sample input shape (no batch dimension); throws on incompatible input. */
    public abstract int[] outputShape(int[] inputShape);

    /** Computes the output for a batch. */
    public abstract Tensor forward(Tensor input);

    /** Back-propagates {@code gradOutput}; see the class contract. */
    public abstract Tensor backward(Tensor gradOutput);

    /** Trainable parameters, in a stable order. */
    public List<Parameter> parameters() {
        return List.of();
    }

    /** Non-trainable state saved in checkpoints (e.g. batch-norm running statistics), by local name. */
    public Map<String, Tensor> buffers() {
        return Map.of();
    }

    /** Every tensor that defines this module's state, by local name: parameters then buffers. */
    public Map<String, Tensor> state() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (Parameter p : parameters()) {
            m.put(p.name(), p.value());
        }
        m.putAll(buffers());
        return m;
    }

    /**
     * Registers everything training changes in this module, for saving a session at an epoch boundary: by default
     * its parameters and buffers. Modules with more (random streams, counters, device states) add theirs.
     */
    @Override
    public void visitTrainingState(StateRegistry registry) {
        for (Map.Entry<String, Tensor> e : state().entrySet()) {
            registry.floats(e.getKey(), e.getValue().data());
        }
    }

    /** Switches training mode on or off. */
    public void train(boolean on) {
        this.training = on;
    }

    /** Whether the module is in training mode. */
    public boolean isTraining() {
        return training;
    }

    /** Chooses the compute backend. */
    public void setBackend(ComputeBackend backend) {
        this.backend = backend;
    }

    /** The compute backend in use. */
    public ComputeBackend backend() {
        return backend;
    }

    /** Tells the module whether its input gradient is needed. */
    public void setNeedsInputGrad(boolean needed) {
        this.needsInputGrad = needed;
    }

    /** Whether backward produces the input gradient. */
    public boolean needsInputGrad() {
        return needsInputGrad;
    }

    /** Fails with a message naming the expected and actual shapes. */
    protected static void requireRank(Tensor x, int rank, String what) {
        if (x.rank() != rank) {
            throw new IllegalArgumentException(what + " expects a rank-" + rank + " input, got " + x.shapeString());
        }
    }
}
