package io.analogcomposer.spec.experiment;

import io.analogcomposer.spec.meta.Param;

/** How the learning rate changes over the epochs. */
public record LrSchedule(
        @Param(doc = "Schedule type.", def = "\"none\"") ScheduleType type,
        @Param(doc = "Epochs between two decays of the step schedule.", def = "10", min = 1, max = 1000) Integer stepSize,
        @Param(doc = "Decay factor of the step and exponential schedules.", def = "0.1", min = 0, exclusiveMin = true, max = 1) Double gamma) {}
