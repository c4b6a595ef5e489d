package io.analogcomposer.spec.validation;

import io.analogcomposer.spec.network.Network;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The shapes a network's layers receive, computed by the validator's own shape inference, so that other
 * consumers (the cost model) follow exactly the sizes a run will have instead of re-deriving them.
 */
public final class NetworkShapes {

    private NetworkShapes() {
    }

    /**
     * The input shape of every layer (without the batch dimension), in layer order, followed by the network's
     * output shape; an entry is {@code null} where an earlier layer does not fit. Meant for validated networks,
     * where every entry is known.
     */
    public static List<long[]> of(Network network) {
        ShapeInference.Outcome outcome = new ShapeInference(new Resolver.Findings()).run(network,
                JsonNodeFactory.instance.arrayNode());
        List<long[]> shapes = new ArrayList<>(outcome.inputs());
        shapes.add(outcome.output());
        return shapes;
    }
}
