package io.analogcomposer.spec.rpu;

import io.analogcomposer.spec.meta.TypeTag;

/** Drift compensation during inference (AIHWKit {@code inference/compensation}). */
public enum DriftCompensationType implements TypeTag {
    NONE("No compensation."), GLOBAL(
            "One scalar per layer from the layer's own noisy output right after programming (GlobalDriftCompensation)."), GLOBAL_EXACT(
                    "Global, with the reference measured on the exact (noise-free) weights."), PER_COLUMN(
                            "One factor per output column (PerColumnDriftCompensation).");

    private final String description;

    DriftCompensationType(String description) {
        this.description = description;
    }

    @Override
    public String description() {
        return description;
    }
}
