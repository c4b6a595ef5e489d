package io.analogcomposer.chip.emulator;

/**
 * The emulated chip's clock in seconds. It runs {@code acceleration} times faster than the wall clock (0 stops
 * it) and can be moved forward, so that drift over a day or a year can be studied in seconds.
 */
final class ChipClock {

    private final double acceleration;
    private double baseS;
    private long baseNanos;

    ChipClock(double startS, double acceleration) {
        this.acceleration = acceleration;
        this.baseS = startS;
        this.baseNanos = System.nanoTime();
    }

    synchronized double nowS() {
        return baseS + (System.nanoTime() - baseNanos) * 1e-9 * acceleration;
    }

    synchronized void advance(double seconds) {
        baseS = nowS() + seconds;
        baseNanos = System.nanoTime();
    }

    double acceleration() {
        return acceleration;
    }
}
