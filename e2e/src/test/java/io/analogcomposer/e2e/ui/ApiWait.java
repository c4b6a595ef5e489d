package io.analogcomposer.e2e.ui;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls the API until a value is reached (for setting up a scene whose events are asynchronous). */
final class ApiWait {

    private ApiWait() {
    }

    static void until(Supplier<String> value, String expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String last = value.get();
        while (!expected.equals(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + expected + " but was " + last);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            last = value.get();
        }
    }
}
