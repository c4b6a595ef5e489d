package io.analogcomposer.spec.catalogue;

import io.analogcomposer.spec.experiment.Backend;
import io.analogcomposer.spec.experiment.ExperimentKind;
import java.util.List;

/**
 * What a backend can run.
 *
 * @param kinds experiment kinds it accepts
 * @param chipRows word lines of the chip (hardware only, else 0)
 * @param chipColumns bit lines of the chip (hardware only, else 0)
 */
public record BackendInfo(Backend backend, String description, List<ExperimentKind> kinds, int chipRows,
        int chipColumns) {

    /** Devices on the chip; each stores one |weight| (the sign stays in the client). */
    public long chipDevices() {
        return (long) chipRows * chipColumns;
    }
}
