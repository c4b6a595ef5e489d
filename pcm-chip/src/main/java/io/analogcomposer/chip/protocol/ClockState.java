package io.analogcomposer.chip.protocol;

/** The chip clock after an emulator time jump. */
public record ClockState(double chipTimeS) {}
