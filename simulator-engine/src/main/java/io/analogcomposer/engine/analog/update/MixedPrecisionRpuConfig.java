package io.analogcomposer.engine.analog.update;

import io.analogcomposer.engine.analog.io.IOParameters;
import io.analogcomposer.engine.random.Rng;

/**
 * A digital-rank-update configuration with a {@link MixedPrecisionCompound} (AIHWKit's
 * {@code DigitalRankUpdateRPUConfig}, e.g. {@code MixedPrecisionReRamSBPreset}).
 *
 * @param forward forward MVM IO
 * @param backward backward MVM IO
 * @param update pulse settings (BL caps the pulses of one transfer)
 * @param device the mixed-precision compound
 */
public record MixedPrecisionRpuConfig(IOParameters forward, IOParameters backward, UpdateParameters update,
        MixedPrecisionCompound device) implements TrainingRpuConfig {

    @Override
    public AnalogUpdateTile createTile(int out, int in, Rng rng) {
        return new MixedPrecisionTile(out, in, device, update, rng);
    }
}
