package io.analogcomposer.chip.protocol;

/** One program operation on one device: when, to what, the last verify read, how many verify reads it took. */
public record ProgramEvent(long operationId, double atS, float targetUs, float verifiedUs, int iterations,
        boolean converged) {}
