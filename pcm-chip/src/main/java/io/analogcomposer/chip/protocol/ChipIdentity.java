package io.analogcomposer.chip.protocol;

import io.analogcomposer.chip.ChipGeometry;

/**
 * Who the controller is: protocol version, chip id, firmware, geometry, the largest target conductance it accepts
 * (µS), the largest number of averaged reads, and whether the chip is emulated.
 */
public record ChipIdentity(String protocolVersion, String chipId, String firmwareVersion, int wordLines,
        int bitLines, double maxTargetUs, int maxReads, boolean emulated) {

    public ChipGeometry geometry() {
        return new ChipGeometry(wordLines, bitLines);
    }
}
