package io.analogcomposer.chip.protocol;

/**
 * A request the chip refuses, carrying the wire error: both sides of the protocol throw it, so a client fails
 * before sending with the same code and message the controller would have answered.
 */
public final class ProtocolException extends IllegalArgumentException {

    private final ChipError error;

    public ProtocolException(ChipError error) {
        super(error.toString());
        this.error = error;
    }

    public ChipError error() {
        return error;
    }

    /** A field outside its allowed range; the message names both. */
    public static ProtocolException outOfRange(String field, Object value, String allowed) {
        return new ProtocolException(new ChipError(ChipError.OUT_OF_RANGE, field,
                field + " is " + value + ", allowed " + allowed, allowed));
    }

    public static ProtocolException missing(String field) {
        return new ProtocolException(
                new ChipError(ChipError.MISSING_FIELD, field, field + " is required", null));
    }

    public static ProtocolException malformed(String field, String why) {
        return new ProtocolException(new ChipError(ChipError.MALFORMED, field, field + ": " + why, null));
    }
}
