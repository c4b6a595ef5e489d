package io.analogcomposer.spec.experiment;

import io.analogcomposer.spec.meta.WireEnum;

/** Optimizers. {@code analog_sgd} is AIHWKit's AnalogSGD, which lets analog tiles run their own update. */
public enum OptimizerType implements WireEnum {
    ANALOG_SGD, SGD, ADAM
}
