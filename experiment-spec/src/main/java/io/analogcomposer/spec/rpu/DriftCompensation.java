package io.analogcomposer.spec.rpu;

import io.analogcomposer.spec.meta.Param;

/** Rescales outputs at inference time t to undo the average drift since programming. */
public record DriftCompensation(
        @Param(doc = "Compensation method.", def = "\"global\"") DriftCompensationType type) {}
