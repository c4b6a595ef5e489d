package io.analogcomposer.chip.protocol;

/**
 * Liveness and counters: {@code status} is "ok" or "degraded" (with {@code detail}); {@code chipTimeS} is the
 * chip's clock (seconds, runs {@code timeAcceleration} times faster than the wall clock on an emulator).
 */
public record ChipHealth(String status, String detail, double chipTimeS, double timeAcceleration, long operations,
        long programmedDevices, long wornOutDevices) {}
