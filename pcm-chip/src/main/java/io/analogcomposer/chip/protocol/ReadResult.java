package io.analogcomposer.chip.protocol;

/** Measured conductances in µS, in request order, with the chip time of the read. */
public record ReadResult(float[] conductancesUs, int reads, double readAtS) {}
