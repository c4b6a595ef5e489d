package io.analogcomposer.engine.optim;

import io.analogcomposer.engine.nn.Parameter;
import java.util.List;

/**
 * Updates parameters from their gradients after each backward pass. The learning rate is changed by schedules
 * between epochs. Analog optimizers (which update tiles with pulses instead of writing weights) implement the same
 * interface.
 */
public interface Optimizer extends io.analogcomposer.engine.resume.TrainingState.Part {
    /** Applies one update to every parameter from its current gradient. */
    void step();

    /** The current learning rate. */
    double learningRate();

    /** Sets the learning rate (schedules call this at epoch boundaries). */
    void setLearningRate(double lr);

    /** Registers the optimizer's own state (moments, step count); the parameters belong to the model. */
    @Override
    default void visitTrainingState(io.analogcomposer.engine.resume.StateRegistry registry) {
    }

    /** The parameters this optimizer updates. */
    List<Parameter> parameters();
}
