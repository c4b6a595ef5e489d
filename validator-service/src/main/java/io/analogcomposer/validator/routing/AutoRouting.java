package io.analogcomposer.validator.routing;

import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.experiment.ExperimentKind;
import io.analogcomposer.spec.network.LayerType;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Where {@code backend: auto} goes: only to a backend that has a live worker, so an automatic run never waits on a
 * queue nobody consumes. Simulations go to the GPU workers when one is live (and GPUs are preferred), else to the CPU
 * workers; hardware inference only runs on the chip. When no fitting worker is live at all the run still goes to the
 * CPU queue (or the chip's), where it waits for a worker and the API tells the user that none is running.
 */
public final class AutoRouting {

    /**
     * @param backend the concrete backend
     * @param reason why, in words for the user, recorded on the run
     */
    public record Choice(Backend backend, String reason) {}

    private final Predicate<Backend> live;
    private final boolean preferGpu;

    /**
     * @param live whether a backend has a live worker now
     * @param preferGpu whether a live GPU worker is chosen before the CPU workers
     */
    public AutoRouting(Predicate<Backend> live, boolean preferGpu) {
        this.live = live;
        this.preferGpu = preferGpu;
    }

    /**
     * As {@link #choose(ExperimentKind)}, and a simulation the GPU workers cannot run yet (their tensor program runs
     * inference, and hardware-aware or digital training of the layers it has; in-memory pulsed training, input-range
     * calibration and other layers are refused there by name) goes to the CPU workers even when a GPU worker is live,
     * waiting for one if none is.
     */
    public Choice choose(io.analogcomposer.spec.experiment.ExperimentSpec spec) {
        if (spec.kind() == ExperimentKind.HARDWARE_INFERENCE || onTensorPath(spec)) {
            return choose(spec.kind());
        }
        if (live.test(Backend.CPU)) {
            return new Choice(Backend.CPU, live.test(Backend.GPU) && preferGpu
                    ? "automatic: the GPU workers cannot run this yet (" + NOT_ON_TENSOR_PATH + "), so it runs on a "
                            + "CPU worker"
                    : preferGpu
                            ? "automatic: no GPU worker is running, so it runs on a CPU worker"
                            : "automatic: simulations run on the CPU workers");
        }
        return new Choice(Backend.CPU, "automatic: no CPU worker is running and the GPU workers cannot run this yet ("
                + NOT_ON_TENSOR_PATH + "); it waits for a CPU worker");
    }

    /** What keeps a simulation off the GPU workers, in words for the user. */
    static final String NOT_ON_TENSOR_PATH = "in-memory pulsed training, input-range calibration, or a layer or loss "
            + "their tensor program lacks";

    /** The layers the GPU worker's tensor program trains (TensorTrainer in tensor-engine). */
    static final Set<LayerType> TRAINED_ON_TENSOR_PATH = EnumSet.of(LayerType.LINEAR, LayerType.ANALOG_LINEAR,
            LayerType.ANALOG_CONV2D, LayerType.MAX_POOL2D, LayerType.AVG_POOL2D, LayerType.DROPOUT, LayerType.FLATTEN,
            LayerType.RELU, LayerType.LEAKY_RELU, LayerType.SIGMOID, LayerType.TANH, LayerType.SOFTMAX,
            LayerType.LOG_SOFTMAX, LayerType.LOG_SIGMOID);

    /**
     * What the GPU worker's tensor program runs: inference on a weight template, and training (alone, or before an
     * inference over time) that is hardware-aware or digital, of the layers it has, with the nll or cross_entropy
     * loss; never input-range calibration or in-memory pulsed training.
     */
    static boolean onTensorPath(io.analogcomposer.spec.experiment.ExperimentSpec spec) {
        var inf = spec.inference();
        boolean inference = spec.kind() == ExperimentKind.INFERENCE;
        if (inference && inf != null && inf.inputRangeCalibration() != null
                && inf.inputRangeCalibration().type() != null && inf.inputRangeCalibration()
                        .type() != io.analogcomposer.spec.experiment.InputRangeCalibrationType.NONE) {
            return false;
        }
        if (inference && inf != null && inf.weightTemplate() != null && !inf.weightTemplate().isBlank()) {
            return true;
        }
        if (!inference && spec.kind() != ExperimentKind.TRAINING || spec.trainsInMemory() || spec.training() == null
                || spec.network() == null || spec.network().layers() == null) {
            return false;
        }
        var loss = spec.training().loss();
        if (loss != null && !loss.wire().equals("nll") && !loss.wire().equals("cross_entropy")) {
            return false;
        }
        return spec.network().layers().stream().allMatch(l -> l != null && l.type() != null
                && TRAINED_ON_TENSOR_PATH.contains(l.type()));
    }

    public Choice choose(ExperimentKind kind) {
        if (kind == ExperimentKind.HARDWARE_INFERENCE) {
            return new Choice(Backend.HARDWARE, live.test(Backend.HARDWARE)
                    ? "automatic: hardware inference runs on the PCM chip"
                    : "automatic: hardware inference runs on the PCM chip; no worker for hardware is running yet");
        }
        boolean gpu = live.test(Backend.GPU);
        boolean cpu = live.test(Backend.CPU);
        if (preferGpu && gpu) {
            return new Choice(Backend.GPU, "automatic: a GPU worker is running");
        }
        if (cpu) {
            return new Choice(Backend.CPU, preferGpu
                    ? "automatic: no GPU worker is running, so it runs on a CPU worker"
                    : "automatic: simulations run on the CPU workers");
        }
        if (gpu) {
            return new Choice(Backend.GPU, "automatic: no CPU worker is running, so it runs on a GPU worker");
        }
        return new Choice(Backend.CPU, "automatic: no worker for cpu or gpu is running; it waits for a CPU worker");
    }
}
