package io.analogcomposer.spec.messages;

import io.analogcomposer.spec.validation.Issue;
import java.util.List;

/**
 * A worker's answer to a {@link PreviewRequest}: exactly one of {@code drift}, {@code responseCurve} and
 * {@code errors}. A request the engine cannot compute (an unknown noise model, a parameter out of range) is
 * answered with the errors, never left unanswered, so the caller can tell the user what to change.
 *
 * @param errors what is wrong with the request, with JSON pointers into it; empty for an answer
 */
public record PreviewResponse(int messageVersion, DriftPreview drift, ResponseCurves responseCurve,
        List<Issue> errors) {

    public PreviewResponse {
        errors = errors == null ? List.of() : List.copyOf(errors);
        int parts = (drift == null ? 0 : 1) + (responseCurve == null ? 0 : 1) + (errors.isEmpty() ? 0 : 1);
        if (parts != 1) {
            throw new IllegalArgumentException("a preview response has exactly one of drift, response_curve, errors");
        }
    }

    public static PreviewResponse of(DriftPreview drift) {
        return new PreviewResponse(RunMessage.VERSION, drift, null, List.of());
    }

    public static PreviewResponse of(ResponseCurves curves) {
        return new PreviewResponse(RunMessage.VERSION, null, curves, List.of());
    }

    public static PreviewResponse rejected(List<Issue> errors) {
        return new PreviewResponse(RunMessage.VERSION, null, null, errors);
    }

    public boolean ok() {
        return errors.isEmpty();
    }

    /**
     * Conductance statistics over the devices of one level at one time (µS).
     *
     * @param time seconds after programming (0 right after programming, before read noise)
     */
    public record Stat(double time, double mean, double std, double p05, double p95) {}

    /**
     * One programmed level.
     *
     * @param gTarget the target conductance (µS)
     * @param programmed the devices right after programming
     * @param overTime the devices at each time, drifted and read with read noise
     * @param compensated {@code overTime} as a drift-compensated read-out sees it (every statistic divided by the
     *        compensation factor of its time); empty without drift compensation
     */
    public record Level(double gTarget, Stat programmed, List<Stat> overTime, List<Stat> compensated) {
        public Level {
            overTime = List.copyOf(overTime);
            compensated = compensated == null ? List.of() : List.copyOf(compensated);
        }
    }

    /**
     * The drift graph.
     *
     * @param noiseModel the noise model as the engine resolved it (every field with its value)
     * @param driftCompensation the compensation applied to {@code compensated}, {@code none} for none
     */
    public record DriftPreview(String noiseModelType, java.util.Map<String, Object> noiseModel,
            String driftCompensation, int samples, long seed, List<Double> times, List<Level> levels) {
        public DriftPreview {
            times = List.copyOf(times);
            levels = List.copyOf(levels);
        }
    }

    /**
     * The response of one pulsed device of the configuration (a compound lists each of its devices).
     *
     * @param device JSON pointer of the device in the preset's {@code rpu_config} (or {@code ""} for a device
     *        object)
     * @param pulse {@code +1} up, {@code -1} down, {@code 0} for the start; one entry per point
     * @param mean mean weight over the devices after each pulse
     * @param std standard deviation over the devices after each pulse
     */
    public record DeviceCurve(String device, String type, List<Integer> pulse, List<Double> mean, List<Double> std) {
        public DeviceCurve {
            pulse = List.copyOf(pulse);
            mean = List.copyOf(mean);
            std = List.copyOf(std);
        }
    }

    /** The response graph: the request's pulses and devices, and a curve per pulsed device. */
    public record ResponseCurves(String preset, int pulses, int devices, long seed, List<DeviceCurve> curves) {
        public ResponseCurves {
            curves = List.copyOf(curves);
        }
    }
}
