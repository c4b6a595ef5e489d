package io.analogcomposer.spec.rpu;

import io.analogcomposer.spec.meta.TypeTag;

/** Drift compensation during inference (AIHWKit {@code inference/compensation}). */
public enum DriftCompensationType implements TypeTag {
    /** No compensation. */
    NONE,
    /** One scalar per layer from the layer's own noisy output right after programming (GlobalDriftCompensation). */
    GLOBAL,
    /** Global, with the reference measured on the exact (noise-free) weights. */
    GLOBAL_EXACT,
    /** One factor per output column (PerColumnDriftCompensation). */
    PER_COLUMN
}
