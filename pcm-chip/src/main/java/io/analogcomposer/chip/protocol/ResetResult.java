package io.analogcomposer.chip.protocol;

/** How many devices were RESET, and when (chip time). */
public record ResetResult(long operationId, int devices, double resetAtS) {}
