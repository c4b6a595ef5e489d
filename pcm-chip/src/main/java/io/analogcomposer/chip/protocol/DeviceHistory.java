package io.analogcomposer.chip.protocol;

import java.util.List;

/**
 * Wear and recent programming of one device. {@code pulses} counts every SET and RESET pulse it ever received (the
 * endurance counter); {@code wornOut} is true once it exceeded the chip's endurance and no longer switches;
 * {@code events} holds its most recent program operations, oldest first (controllers keep a bounded number).
 */
public record DeviceHistory(int address, int wordLine, int bitLine, long pulses, int programOperations, int resets,
        boolean wornOut, List<ProgramEvent> events) {

    public DeviceHistory {
        events = List.copyOf(events);
    }
}
