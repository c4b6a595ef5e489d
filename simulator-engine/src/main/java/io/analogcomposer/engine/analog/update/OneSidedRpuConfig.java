package io.analogcomposer.engine.analog.update;

import io.analogcomposer.engine.analog.io.IOParameters;
import io.analogcomposer.engine.random.Rng;

/**
 * A unit-cell configuration with a {@link OneSidedUnitCell} (AIHWKit's {@code UnitCellRPUConfig}, e.g.
 * {@code PCMPreset}).
 *
 * @param forward forward MVM IO
 * @param backward backward MVM IO
 * @param update pulse settings of the gradient updates
 * @param device the one-sided pair
 */
public record OneSidedRpuConfig(IOParameters forward, IOParameters backward, UpdateParameters update,
        OneSidedUnitCell device) implements TrainingRpuConfig {

    @Override
    public AnalogUpdateTile createTile(int out, int in, Rng rng) {
        return new OneSidedTile(out, in, device, update, rng);
    }
}
