package io.analogcomposer.engine.optim;

import java.util.Arrays;

/** The learning rate for each epoch as a function of the base rate (applied at the start of every epoch). */
@FunctionalInterface
public interface LrSchedule {
    /** Learning rate for 0-based {@code epoch}. */
    double lr(int epoch, double baseLr);

    /** The base rate throughout. */
    static LrSchedule constant() {
        return (epoch, base) -> base;
    }

    /** Multiplies by {@code gamma} every {@code stepSize} epochs (PyTorch's StepLR). */
    static LrSchedule step(int stepSize, double gamma) {
        if (stepSize < 1 || gamma <= 0) {
            throw new IllegalArgumentException("step schedule needs step_size >= 1 and gamma > 0, got " + stepSize
                    + " and " + gamma);
        }
        return (epoch, base) -> base * Math.pow(gamma, epoch / stepSize);
    }

    /** Multiplies by {@code gamma} at each milestone epoch (PyTorch's MultiStepLR). */
    static LrSchedule multiStep(int[] milestones, double gamma) {
        int[] ms = milestones.clone();
        Arrays.sort(ms);
        if (gamma <= 0 || (ms.length > 0 && ms[0] < 1)) {
            throw new IllegalArgumentException("multi-step schedule needs milestones >= 1 and gamma > 0, got "
                    + Arrays.toString(milestones) + " and " + gamma);
        }
        return (epoch, base) -> {
            int passed = 0;
            for (int m : ms) {
                if (epoch >= m) {
                    passed++;
                }
            }
            return base * Math.pow(gamma, passed);
        };
    }

    /** Cosine annealing from the base rate to {@code etaMin} over {@code tMax} epochs (closed form). */
    static LrSchedule cosine(int tMax, double etaMin) {
        if (tMax < 1 || etaMin < 0) {
            throw new IllegalArgumentException(
                    "cosine schedule needs t_max >= 1 and eta_min >= 0, got " + tMax + " and "
                            + etaMin);
        }
        return (epoch, base) -> etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * Math.min(epoch, tMax) / tMax)) / 2;
    }
}
