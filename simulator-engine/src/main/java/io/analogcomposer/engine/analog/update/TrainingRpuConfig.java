package io.analogcomposer.engine.analog.update;

import io.analogcomposer.engine.analog.io.IOParameters;
import io.analogcomposer.engine.random.Rng;

/**
 * An analog training configuration: the forward and backward MVM non-idealities and how the update is done (one
 * pulsed device, a transfer compound, mixed precision...).
 */
public interface TrainingRpuConfig {
    /** The forward MVM's IO parameters. */
    IOParameters forward();

    /** The backward MVM's IO parameters. */
    IOParameters backward();

    /** A new tile of {@code out x in} with devices drawn from {@code rng}. */
    AnalogUpdateTile createTile(int out, int in, Rng rng);
}
