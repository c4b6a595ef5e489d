package io.analogcomposer.worker.hardware.chip;

import java.util.List;

/** A programmed model read back: the conductances and the weights recovered from them, per layer. */
public record Measurement(ConductanceReadback readback, List<float[]> weights) {

    public Measurement {
        weights = List.copyOf(weights);
    }
}
