package io.analogcomposer.engine.analog.update;

import io.analogcomposer.engine.analog.io.IOParameters;
import io.analogcomposer.engine.random.Rng;

/**
 * A unit-cell configuration with a {@link VectorUnitCell} (AIHWKit's {@code UnitCellRPUConfig}, e.g.
 * {@code ReRamSB2Preset}).
 *
 * @param forward forward MVM IO
 * @param backward backward MVM IO
 * @param update pulse settings of the gradient updates
 * @param device the vector unit cell
 */
public record VectorRpuConfig(IOParameters forward, IOParameters backward, UpdateParameters update,
        VectorUnitCell device) implements TrainingRpuConfig {

    @Override
    public AnalogUpdateTile createTile(int out, int in, Rng rng) {
        return new VectorTile(out, in, device, update, rng);
    }
}
