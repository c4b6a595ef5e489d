package io.analogcomposer.spec.messages;

import java.time.Instant;
import java.util.List;

/**
 * What a hardware_inference run reports about the chip, beside the accuracy: which chip and when, how much of it the
 * model used, and how well the conductances were programmed, with bounded samples for a target-vs-programmed scatter
 * plot and an error histogram (tutorial Sec. VI.4). Conductances in µS.
 *
 * @param chipId the chip's id as it identifies itself
 * @param firmwareVersion the chip controller's firmware
 * @param emulated whether the chip is the emulator
 * @param programmedAt wall-clock time programming ended
 * @param gMaxUs the conductance the largest |w| of each row was mapped to
 * @param reads reads averaged per device when reading back
 * @param layers analog layers placed on the chip
 * @param devices devices used (one per weight, analog bias columns included)
 * @param chipDevices devices on the chip
 * @param utilisation {@code devices / chipDevices}
 * @param pulses programming pulses applied in total
 * @param failedDevices devices the chip reported as not converged (stuck, worn out, out of iterations)
 * @param meanErrorUs mean of programmed − target over the devices that converged
 * @param stdErrorUs standard deviation of programmed − target
 * @param rmsErrorUs root mean square of programmed − target
 * @param normalizedErrorStdPercent std of the error relative to g_max after removing a common drift (AIHWKit's
 *            Fusion notebook measure), percent
 * @param errorHistogram programmed − target in equal bins
 * @param scatterTargetUs targets of up to {@link #MAX_SCATTER} evenly sampled devices
 * @param scatterProgrammedUs the programmed (read back) conductances of the same devices
 * @param readbacks later re-reads of the programmed devices (drift measured on the chip), one per inference time
 *            (of the first programming)
 * @param repetitions one entry per programming of the chip ({@code inference.repetitions}: each repetition programs
 *            the weights anew, so each has its own programming noise); the statistics above, the scatter and the
 *            histogram are the first programming's. Empty for runs that evaluate nothing (uploaded conductances).
 */
public record HardwareResult(String chipId, String firmwareVersion, boolean emulated, Instant programmedAt,
        double gMaxUs, int reads, int layers, long devices, long chipDevices, double utilisation, long pulses,
        long failedDevices, double meanErrorUs, double stdErrorUs, double rmsErrorUs,
        double normalizedErrorStdPercent, Histogram errorHistogram, List<Double> scatterTargetUs,
        List<Double> scatterProgrammedUs, List<Readback> readbacks, List<Repetition> repetitions) {

    /** A result without per-programming entries (results stored before they existed read this way too). */
    public HardwareResult(String chipId, String firmwareVersion, boolean emulated, Instant programmedAt,
            double gMaxUs, int reads, int layers, long devices, long chipDevices, double utilisation, long pulses,
            long failedDevices, double meanErrorUs, double stdErrorUs, double rmsErrorUs,
            double normalizedErrorStdPercent, Histogram errorHistogram, List<Double> scatterTargetUs,
            List<Double> scatterProgrammedUs, List<Readback> readbacks) {
        this(chipId, firmwareVersion, emulated, programmedAt, gMaxUs, reads, layers, devices, chipDevices,
                utilisation, pulses, failedDevices, meanErrorUs, stdErrorUs, rmsErrorUs, normalizedErrorStdPercent,
                errorHistogram, scatterTargetUs, scatterProgrammedUs, readbacks, List.of());
    }

    /** At most this many scatter points travel in a result (a result is one message and one database row). */
    public static final int MAX_SCATTER = 2000;

    public HardwareResult {
        scatterTargetUs = scatterTargetUs == null ? List.of() : List.copyOf(scatterTargetUs);
        scatterProgrammedUs = scatterProgrammedUs == null ? List.of() : List.copyOf(scatterProgrammedUs);
        readbacks = readbacks == null ? List.of() : List.copyOf(readbacks);
        repetitions = repetitions == null ? List.of() : List.copyOf(repetitions);
        if (scatterTargetUs.size() != scatterProgrammedUs.size()) {
            throw new IllegalArgumentException("scatter needs as many programmed values as targets, got "
                    + scatterProgrammedUs.size() + " and " + scatterTargetUs.size());
        }
        if (scatterTargetUs.size() > MAX_SCATTER) {
            throw new IllegalArgumentException("at most " + MAX_SCATTER + " scatter points, got "
                    + scatterTargetUs.size());
        }
    }

    /**
     * Counts of programmed − target in equal bins over {@code [lowUs, highUs)}.
     *
     * @param counts one count per bin
     */
    public record Histogram(double lowUs, double highUs, List<Long> counts) {
        public Histogram {
            counts = counts == null ? List.of() : List.copyOf(counts);
        }
    }

    /**
     * One re-read of the programmed devices at an inference time.
     *
     * @param tInference the inference time it stands for, seconds after programming
     * @param sinceProgrammingS chip time actually elapsed since programming
     * @param meanConductanceRatio mean read conductance over mean target (below 1 as PCM drifts)
     * @param meanErrorUs mean of read − target
     * @param stdErrorUs std of read − target
     */
    public record Readback(double tInference, double sinceProgrammingS, double meanConductanceRatio,
            double meanErrorUs, double stdErrorUs) {}

    /**
     * One programming of the chip and its evaluation at the inference times.
     *
     * @param accuracy test accuracy in percent at each inference time measured (the run's inference times, in
     *            order), on the weights read back from this programming
     * @param pulses programming pulses this programming applied
     * @param failedDevices devices that did not converge in this programming
     * @param stdErrorUs std of read − target right after this programming
     */
    public record Repetition(List<Double> accuracy, long pulses, long failedDevices, double stdErrorUs) {
        public Repetition {
            accuracy = accuracy == null ? List.of() : List.copyOf(accuracy);
        }
    }
}
