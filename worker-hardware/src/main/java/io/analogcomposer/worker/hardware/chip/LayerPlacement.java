package io.analogcomposer.worker.hardware.chip;

/** Where one layer's weights live: {@code addresses[i]} holds weight i of the row-major matrix. */
public record LayerPlacement(LayerShape shape, int[] addresses) {

    public LayerPlacement {
        if (addresses.length != shape.weights()) {
            throw new IllegalArgumentException("layer " + shape.name() + ": " + shape.weights() + " weights but "
                    + addresses.length + " addresses");
        }
    }
}
