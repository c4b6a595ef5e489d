package io.analogcomposer.engine.nn;

import java.util.List;

/**
 * A layer whose weights are {@link StepMatrix}es (attention projections, per-token linears, encoder blocks): the
 * analog tools find the analog ones here to program, drift and calibrate them like any analog layer.
 */
public interface StepMatrixOwner {

    /** Every weight matrix of the layer, in forward order. */
    List<StepMatrix> stepMatrices();
}
