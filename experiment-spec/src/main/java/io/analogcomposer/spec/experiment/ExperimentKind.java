package io.analogcomposer.spec.experiment;

import io.analogcomposer.spec.meta.WireEnum;

/** What a run does with the network. */
public enum ExperimentKind implements WireEnum {
    /** Train the network (digitally, hardware-aware or in analog memory) and evaluate after every epoch. */
    TRAINING,
    /** Program trained weights onto simulated devices and evaluate the accuracy over time (drift). */
    INFERENCE,
    /** Program trained weights onto the PCM chip, read them back and evaluate with the simulator. */
    HARDWARE_INFERENCE;

    /** Whether an inference over time is part of this kind of run. */
    public boolean evaluatesOverTime() {
        return this != TRAINING;
    }
}
