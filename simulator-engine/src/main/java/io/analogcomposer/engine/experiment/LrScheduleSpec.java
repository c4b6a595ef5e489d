package io.analogcomposer.engine.experiment;

import io.analogcomposer.engine.optim.LrSchedule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The learning-rate schedule, applied per epoch: {@code none} (alias {@code constant}), {@code step} (step_size,
 * gamma), {@code exponential} (gamma every epoch), {@code multi_step} (milestones, gamma) or {@code cosine} (t_max,
 * eta_min; t_max defaults to the epoch count, eta_min to 0).
 */
public record LrScheduleSpec(String type, int stepSize, double gamma, List<Integer> milestones, int tMax,
        double etaMin) {
    /** Validates the type. */
    public LrScheduleSpec {
        type = type.toLowerCase(Locale.ROOT);
        if (type.equals("constant")) {
            type = "none";
        }
        milestones = milestones == null ? List.of() : List.copyOf(milestones);
        if (!List.of("none", "step", "exponential", "multi_step", "cosine").contains(type)) {
            throw new IllegalArgumentException(
                    "lr_schedule type must be none, step, exponential, multi_step or cosine, got '" + type + "'");
        }
    }

    /** No schedule. */
    public static LrScheduleSpec constant() {
        return new LrScheduleSpec("none", 0, 1, List.of(), 0, 0);
    }

    /** StepLR. */
    public static LrScheduleSpec step(int stepSize, double gamma) {
        return new LrScheduleSpec("step", stepSize, gamma, List.of(), 0, 0);
    }

    /** MultiStepLR. */
    public static LrScheduleSpec multiStep(List<Integer> milestones, double gamma) {
        return new LrScheduleSpec("multi_step", 0, gamma, milestones, 0, 0);
    }

    /** Cosine annealing. */
    public static LrScheduleSpec cosine(int tMax, double etaMin) {
        return new LrScheduleSpec("cosine", 0, 1, List.of(), tMax, etaMin);
    }

    /** Builds the schedule; {@code epochs} is the default cosine period. */
    public LrSchedule create(int epochs) {
        return switch (type) {
            case "step" -> LrSchedule.step(stepSize, gamma);
            case "exponential" -> LrSchedule.step(1, gamma);
            case "multi_step" -> LrSchedule.multiStep(milestones.stream().mapToInt(Integer::intValue).toArray(), gamma);
            case "cosine" -> LrSchedule.cosine(tMax > 0 ? tMax : epochs, etaMin);
            default -> LrSchedule.constant();
        };
    }

    /** JSON-ready map (only the fields that apply). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        switch (type) {
            case "step" -> {
                m.put("step_size", stepSize);
                m.put("gamma", gamma);
            }
            case "exponential" -> m.put("gamma", gamma);
            case "multi_step" -> {
                m.put("milestones", new ArrayList<>(milestones));
                m.put("gamma", gamma);
            }
            case "cosine" -> {
                m.put("t_max", tMax);
                m.put("eta_min", etaMin);
            }
            default -> {
            }
        }
        return m;
    }

    /** Reads the map form. */
    public static LrScheduleSpec fromMap(Map<String, Object> m) {
        String w = "lr_schedule";
        List<Integer> ms = Params.getIntList(m, "milestones", w);
        return new LrScheduleSpec(Params.getString(m, "type", "none", w), Params.getInt(m, "step_size", 10, w),
                Params.getDouble(m, "gamma", 0.1, w), ms, Params.getInt(m, "t_max", 0, w),
                Params.getDouble(m, "eta_min", 0, w));
    }
}
