package io.analogcomposer.chip.protocol;

import io.analogcomposer.chip.ChipGeometry;

/**
 * Who the controller is: protocol version, chip id, firmware, geometry, the largest target conductance it accepts
 * (µS), the largest number of averaged reads, whether the chip is emulated, and (since 1.1) what kind of chip it
 * is, for people ({@code model}; null from a 1.0 controller, which did not say).
 */
public record ChipIdentity(String protocolVersion, String chipId, String firmwareVersion, int wordLines,
        int bitLines, double maxTargetUs, int maxReads, boolean emulated, String model) {

    /** An identity as a 1.0 controller sends it, without {@code model}. */
    public ChipIdentity(String protocolVersion, String chipId, String firmwareVersion, int wordLines, int bitLines,
            double maxTargetUs, int maxReads, boolean emulated) {
        this(protocolVersion, chipId, firmwareVersion, wordLines, bitLines, maxTargetUs, maxReads, emulated, null);
    }

    public ChipGeometry geometry() {
        return new ChipGeometry(wordLines, bitLines);
    }
}
