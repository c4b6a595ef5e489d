package io.analogcomposer.spec.experiment;

import io.analogcomposer.spec.meta.WireEnum;

/** Learning-rate schedules, stepped once per epoch. */
public enum ScheduleType implements WireEnum {
    /** Constant learning rate. */
    NONE,
    /** Multiply by gamma every step_size epochs. */
    STEP,
    /** Multiply by gamma every epoch. */
    EXPONENTIAL,
    /** Cosine annealing from lr to zero over the epochs. */
    COSINE
}
