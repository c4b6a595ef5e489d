package io.analogcomposer.spec.experiment;

import io.analogcomposer.spec.meta.Param;

/** The optimizer and its hyper-parameters. */
public record Optimizer(
        @Param(doc = "Optimizer; analog_sgd lets analog tiles apply their own (pulsed) update.", def = "\"analog_sgd\"") OptimizerType type,
        @Param(doc = "Learning rate.", def = "0.05", min = 0, exclusiveMin = true, max = 10) Double lr,
        @Param(doc = "Momentum (sgd and analog_sgd on digital parameters).", def = "0", min = 0, max = 1, exclusiveMax = true) Double momentum,
        @Param(doc = "L2 weight decay.", def = "0", min = 0, max = 1) Double weightDecay) {}
