package io.analogcomposer.validator.routing;

import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.experiment.ExperimentKind;
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
     * inference on a weight template; training, and inference that trains first, are refused there by name) goes to
     * the CPU workers even when a GPU worker is live, waiting for one if none is.
     */
    public Choice choose(io.analogcomposer.spec.experiment.ExperimentSpec spec) {
        if (spec.kind() == ExperimentKind.HARDWARE_INFERENCE || onTensorPath(spec)) {
            return choose(spec.kind());
        }
        if (live.test(Backend.CPU)) {
            return new Choice(Backend.CPU, live.test(Backend.GPU) && preferGpu
                    ? "automatic: the GPU workers do not train yet, so it runs on a CPU worker"
                    : preferGpu
                            ? "automatic: no GPU worker is running, so it runs on a CPU worker"
                            : "automatic: simulations run on the CPU workers");
        }
        return new Choice(Backend.CPU, "automatic: no CPU worker is running and the GPU workers do not train yet; "
                + "it waits for a CPU worker");
    }

    /** What the GPU worker's tensor program runs: inference on a weight template, without input-range calibration. */
    static boolean onTensorPath(io.analogcomposer.spec.experiment.ExperimentSpec spec) {
        var inf = spec.inference();
        return spec.kind() == ExperimentKind.INFERENCE && inf != null && inf.weightTemplate() != null
                && !inf.weightTemplate().isBlank() && (inf.inputRangeCalibration() == null
                        || inf.inputRangeCalibration().type() == null || inf.inputRangeCalibration()
                                .type() == io.analogcomposer.spec.experiment.InputRangeCalibrationType.NONE);
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
