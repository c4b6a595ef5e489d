package io.analogcomposer.worker.hardware.chip;

import java.util.BitSet;
import java.util.List;

/**
 * Conductances programmed on a chip: where each layer is, its targets (µS, placement order), when programming
 * ended (chip time) and which devices the chip reported as failed (exclude them when placing the next model).
 */
public record ProgrammedConductances(String chipId, Placement placement, List<float[]> targetsUs,
        double programmedAtS, long pulses, BitSet failedAddresses) {

    public ProgrammedConductances {
        targetsUs = List.copyOf(targetsUs);
        failedAddresses = (BitSet) failedAddresses.clone();
    }

    @Override
    public BitSet failedAddresses() {
        return (BitSet) failedAddresses.clone();
    }
}
