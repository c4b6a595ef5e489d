package io.analogcomposer.worker.hardware.chip;

/**
 * One layer converted for the chip: the original weights, the target conductance of each weight's device (µS,
 * |w| only), the signs the client keeps, and each output row's scale (µS per unit weight). Row-major
 * {@code rows × columns}, rows = outputs.
 */
public record ConductanceTargets(String layer, int rows, int columns, float[] weights, float[] conductancesUs,
        boolean[] negative, float[] rowScales) {

    public int size() {
        return conductancesUs.length;
    }
}
