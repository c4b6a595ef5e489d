package io.analogcomposer.chip.protocol;

/**
 * The body of every refused request ({@code {"error": {...}}} on the wire). {@code code} is stable and meant for
 * programs, {@code message} for people; {@code field} is the JSON path of the offending value (e.g.
 * {@code targets_us[17]}) and {@code allowed} its allowed range when one applies.
 */
public record ChipError(String code, String field, String message, String allowed) {

    /** A value is outside its documented range. */
    public static final String OUT_OF_RANGE = "OUT_OF_RANGE";
    /** A required field is absent. */
    public static final String MISSING_FIELD = "MISSING_FIELD";
    /** Not valid JSON, bad base64, wrong array length, unknown field. */
    public static final String MALFORMED = "MALFORMED";
    /** The same address twice in one request: its outcome would be ambiguous. */
    public static final String DUPLICATE_ADDRESS = "DUPLICATE_ADDRESS";
    /** The operation or path does not exist (e.g. an emulator-only operation on a real controller). */
    public static final String UNSUPPORTED = "UNSUPPORTED";
    /** The request body exceeds the size limit. */
    public static final String TOO_LARGE = "TOO_LARGE";
    /** The controller requires a token and the request carried none, or a wrong one (HTTP 401). */
    public static final String UNAUTHORIZED = "UNAUTHORIZED";
    /** The controller failed; the request may be retried. */
    public static final String INTERNAL = "INTERNAL";

    public ChipError {
        if (code == null || message == null) {
            throw new IllegalArgumentException("a chip error needs a code and a message");
        }
    }

    @Override
    public String toString() {
        return code + (field == null ? "" : " [" + field + "]") + ": " + message;
    }

    /** The wire envelope: errors are the only bodies wrapped, so a client can tell them apart by shape too. */
    public record Envelope(ChipError error) {}
}
