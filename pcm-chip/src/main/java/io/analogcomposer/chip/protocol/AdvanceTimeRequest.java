package io.analogcomposer.chip.protocol;

/** Emulator-only: move the chip clock forward by {@code seconds} (0..1e9, about 31 years), e.g. for drift studies. */
public record AdvanceTimeRequest(Double seconds) {

    public AdvanceTimeRequest {
        if (seconds == null) {
            throw ProtocolException.missing("seconds");
        }
        if (!(seconds >= 0 && seconds <= 1e9)) {
            throw ProtocolException.outOfRange("seconds", seconds, "0..1e9 s");
        }
    }
}
