package io.analogcomposer.engine.analog.update;

import io.analogcomposer.engine.analog.io.IOParameters;
import io.analogcomposer.engine.random.Rng;

/**
 * A unit-cell configuration with a {@link TransferCompound} (AIHWKit's {@code UnitCellRPUConfig}, e.g.
 * {@code TikiTakaReRamSBPreset}).
 *
 * @param forward forward MVM IO
 * @param backward backward MVM IO
 * @param update pulse settings of the gradient updates onto the fast device
 * @param device the transfer compound
 */
public record TransferRpuConfig(IOParameters forward, IOParameters backward, UpdateParameters update,
        TransferCompound device) implements TrainingRpuConfig {

    @Override
    public AnalogUpdateTile createTile(int out, int in, Rng rng) {
        return new TransferTile(out, in, device, update, rng);
    }
}
