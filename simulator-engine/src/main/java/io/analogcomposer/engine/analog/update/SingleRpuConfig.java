package io.analogcomposer.engine.analog.update;

import io.analogcomposer.engine.analog.device.DevicePresets;
import io.analogcomposer.engine.analog.device.PulsedDeviceParameters;
import io.analogcomposer.engine.analog.io.IOParameters;

/**
 * An analog training configuration with one pulsed device per cross-point (AIHWKit's {@code SingleRPUConfig},
 * experiment format {@code type: single}): the forward and backward MVMs have their own non-idealities, the update is
 * pulsed.
 *
 * @param forward the forward MVM's IO parameters
 * @param backward the backward (transposed) MVM's IO parameters
 * @param update the pulse-train settings
 * @param device the device at each cross-point
 */
public record SingleRpuConfig(IOParameters forward, IOParameters backward, UpdateParameters update,
        PulsedDeviceParameters device) implements TrainingRpuConfig {

    /** Checks that every part is present. */
    public SingleRpuConfig {
        if (forward == null || backward == null || update == null || device == null) {
            throw new IllegalArgumentException("rpu_config needs forward, backward, update and device");
        }
    }

    @Override
    public AnalogUpdateTile createTile(int out, int in, io.analogcomposer.engine.random.Rng rng) {
        return new PulsedTile(out, in, device, update, rng);
    }

    /** Default IO and update settings with the given device. */
    public static SingleRpuConfig of(PulsedDeviceParameters device) {
        return new SingleRpuConfig(IOParameters.DEFAULT, IOParameters.DEFAULT, UpdateParameters.DEFAULT, device);
    }

    /** A device preset with default IO and update settings (e.g. {@code "ReRamSB"}). */
    public static SingleRpuConfig preset(String deviceName) {
        return of(DevicePresets.get(deviceName));
    }
}
