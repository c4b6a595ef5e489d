package io.analogcomposer.cli;

import java.io.Console;

/** Whether a person watches: progress bars redraw in place only then; logs and pipes get one line per step. */
final class Terminal {

    private Terminal() {
    }

    static boolean interactive() {
        // since JDK 22 System.console() exists even when redirected; isTerminal() tells the difference
        Console c = System.console();
        return c != null && c.isTerminal();
    }
}
