package io.analogcomposer.cli;

/** The exit codes scripts can rely on (see cli/README.md). */
final class ExitCodes {
    /** Everything worked (and every run that was waited for completed). */
    static final int OK = 0;
    /** A run that was waited for failed or was cancelled. */
    static final int RUN_FAILED = 1;
    /** The command line or an input file is wrong (unknown option, invalid experiment document). */
    static final int USAGE = 2;
    /** The server could not be reached, refused the credentials or answered with an error. */
    static final int SERVER = 3;

    private ExitCodes() {
    }
}
