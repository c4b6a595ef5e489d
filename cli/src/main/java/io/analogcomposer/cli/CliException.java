package io.analogcomposer.cli;

/**
 * An error the user can act on: printed as one line (plus detail lines), never as a stack trace, and mapped to the
 * documented exit code.
 */
final class CliException extends RuntimeException {

    private final int exitCode;
    private final boolean unreachable;

    CliException(int exitCode, String message) {
        this(exitCode, message, false);
    }

    private CliException(int exitCode, String message, boolean unreachable) {
        super(message);
        this.exitCode = exitCode;
        this.unreachable = unreachable;
    }

    /** True when no server answered at all (as opposed to a server that answered with an error). */
    boolean unreachable() {
        return unreachable;
    }

    static CliException unreachable(String message) {
        return new CliException(ExitCodes.SERVER, message, true);
    }

    int exitCode() {
        return exitCode;
    }

    static CliException usage(String message) {
        return new CliException(ExitCodes.USAGE, message);
    }

    static CliException server(String message) {
        return new CliException(ExitCodes.SERVER, message);
    }
}
