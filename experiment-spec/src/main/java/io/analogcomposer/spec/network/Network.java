package io.analogcomposer.spec.network;

import io.analogcomposer.spec.meta.Param;
import java.util.List;

/** A sequential network: the shape of one input sample and the layers in order. */
public record Network(
        @Param(doc = "Shape of one input sample without the batch dimension: [features], [channels, length] or [channels, height, width].", required = true, min = 1, max = 65536, minItems = 1, maxItems = 3) List<Integer> inputShape,
        @Param(doc = "The layers, applied in order.", required = true, minItems = 1, maxItems = 200) List<Layer> layers) {}
