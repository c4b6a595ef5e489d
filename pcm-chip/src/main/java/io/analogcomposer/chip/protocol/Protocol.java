package io.analogcomposer.chip.protocol;

/**
 * The chip control protocol's version and paths (see {@code pcm-chip/PROTOCOL.md}, the normative text). A
 * controller and a client agree when their major versions are equal; minor versions only add optional fields,
 * which readers ignore.
 */
public final class Protocol {

    /** "pcm-chip/MAJOR.MINOR". */
    public static final String VERSION = "pcm-chip/1.1";
    public static final int MAJOR = 1;

    public static final String PREFIX = "/v1";
    public static final String IDENTITY = PREFIX + "/identity";
    public static final String HEALTH = PREFIX + "/health";
    public static final String PROGRAM = PREFIX + "/program";
    public static final String READ = PREFIX + "/read";
    public static final String RESET = PREFIX + "/reset";
    public static final String HISTORY = PREFIX + "/history";
    /** Emulator-only: moves the emulated clock forward (a real controller answers UNSUPPORTED). */
    public static final String ADVANCE_TIME = PREFIX + "/emulator/advance-time";

    /** Largest request body a controller must accept: a whole Fusion chip programmed in one request fits. */
    public static final int MAX_BODY_BYTES = 64 * 1024 * 1024;
    /** Largest number of addresses in one history request (answers are per-address JSON objects). */
    public static final int MAX_HISTORY_ADDRESSES = 4096;

    private Protocol() {
    }

    /** The major version of a "pcm-chip/MAJOR.MINOR" string, or -1 if it is not one. */
    public static int majorOf(String version) {
        if (version == null || !version.startsWith("pcm-chip/")) {
            return -1;
        }
        String rest = version.substring("pcm-chip/".length());
        int dot = rest.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? rest : rest.substring(0, dot));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
