package io.analogcomposer.engine.analog.update;

import io.analogcomposer.engine.analog.io.IOParameters;
import io.analogcomposer.engine.random.Rng;

/**
 * A unit-cell configuration with a {@link ChoppedTransferCompound} (AIHWKit's {@code UnitCellRPUConfig} of the TTv2,
 * c-TTv2 and AGAD presets).
 *
 * @param forward forward MVM IO
 * @param backward backward MVM IO
 * @param update pulse settings of the gradient updates onto the fast device
 * @param device the chopped (or dynamic) transfer compound
 */
public record ChoppedTransferRpuConfig(IOParameters forward, IOParameters backward, UpdateParameters update,
        ChoppedTransferCompound device) implements TrainingRpuConfig {

    @Override
    public AnalogUpdateTile createTile(int out, int in, Rng rng) {
        return new ChoppedTransferTile(out, in, device, update, rng);
    }
}
