package io.analogcomposer.chip.client;

import io.analogcomposer.chip.protocol.ChipError;

/**
 * A chip operation that did not succeed: the controller refused it ({@link #error()} holds its code, field and
 * allowed range), failed, or could not be reached ({@link #httpStatus()} 0).
 */
public class ChipException extends RuntimeException {

    /** The controller could not be reached or did not answer in time. */
    public static final String UNAVAILABLE = "UNAVAILABLE";
    /** The controller speaks another major protocol version. */
    public static final String INCOMPATIBLE = "INCOMPATIBLE";

    private final int httpStatus;
    private final ChipError error;

    public ChipException(int httpStatus, ChipError error, Throwable cause) {
        super(error.toString(), cause);
        this.httpStatus = httpStatus;
        this.error = error;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public ChipError error() {
        return error;
    }

    /** Worth retrying later: the chip was unreachable or its controller failed, the request itself was fine. */
    public boolean retriable() {
        return UNAVAILABLE.equals(error.code()) || ChipError.INTERNAL.equals(error.code());
    }
}
