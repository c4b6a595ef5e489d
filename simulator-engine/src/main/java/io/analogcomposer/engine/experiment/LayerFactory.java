package io.analogcomposer.engine.experiment;

import io.analogcomposer.engine.nn.Module;
import io.analogcomposer.engine.random.Rng;

/**
 * Turns a {@link LayerSpec} of one type into a module. Registered by type name with {@link ModelBuilder#register}, so
 * other packages (analog layers) add layer kinds without touching the builder.
 */
public interface LayerFactory {
    /** The spec with every default filled in and input sizes inferred from {@code inputShape} (per sample). */
    LayerSpec resolve(LayerSpec spec, int[] inputShape);

    /** Builds the module from a resolved spec, drawing initial weights from {@code rng}. */
    Module create(LayerSpec resolved, int[] inputShape, Rng rng);
}
