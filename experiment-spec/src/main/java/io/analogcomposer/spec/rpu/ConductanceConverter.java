package io.analogcomposer.spec.rpu;

import io.analogcomposer.spec.meta.Param;

/** How a weight maps to device conductances before noise is applied (AIHWKit conductance converters). */
public record ConductanceConverter(
        @Param(doc = "Converter: one device pair per weight (g+ for positive, g- for negative parts), or two pairs.", def = "\"single_pair\"") ConductanceConverterType type,
        @Param(doc = "Minimal conductance in uS of the single and dual pair converters.", def = "0.0", min = 0, max = 1000) Double gMin,
        @Param(doc = "Significance factor of the most significant pair of the dual pair converter.", def = "8.0", min = 1, max = 1000, appliesTo = "dual_pair") Double fFactor) {}
