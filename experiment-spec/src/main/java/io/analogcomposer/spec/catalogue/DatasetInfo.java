package io.analogcomposer.spec.catalogue;

import java.util.List;

/**
 * A dataset the engine can load. The synthetic dataset takes its shape from the network and has no fixed sizes.
 *
 * @param inputShape shape of one sample, or null when it follows the network (synthetic)
 */
public record DatasetInfo(String name, String title, List<Integer> inputShape, Integer classes, Integer trainSamples,
        Integer testSamples, List<Double> mean, List<Double> std, String source) {

    /** Whether the dataset adapts to any input shape. */
    public boolean anyShape() {
        return inputShape == null;
    }
}
