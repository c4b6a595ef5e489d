package io.analogcomposer.chip.protocol;

/**
 * The outcome of a program request, in request order: {@code verifiedUs} is each device's last verify read (µS),
 * {@code iterations} the verify reads it took; {@code failedAddresses} lists the addresses that did not reach the
 * tolerance (stuck, worn out, saturated or out of iterations); {@code pulses} counts every SET/RESET pulse applied.
 * {@code programmedAtS} is the chip time at which programming completed: drift counts from it.
 */
public record ProgramResult(long operationId, double programmedAtS, float[] verifiedUs, int[] iterations,
        int[] failedAddresses, long pulses) {}
