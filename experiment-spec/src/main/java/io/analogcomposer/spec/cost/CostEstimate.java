package io.analogcomposer.spec.cost;

import io.analogcomposer.spec.cost.ParameterSets.Figure;
import io.analogcomposer.spec.cost.ParameterSets.Reference;
import java.util.List;

/**
 * What one inference (one input sample through the network) costs on the modelled chip. Energies in pJ, times
 * in ns.
 *
 * @param parameterSet the shipped set the figures start from
 * @param figures every figure used, with its basis and source ({@code user} where the document supplied it)
 * @param references the publications the figures cite
 * @param layers one row per layer
 * @param totals the sums over the layers
 * @param notes what the reader should know: the network does not fit the chip, tiles larger than its crossbars
 */
public record CostEstimate(String parameterSet, String title, List<Figure> figures, List<Reference> references,
        List<LayerCost> layers, Totals totals, List<String> notes) {

    /**
     * One layer's share.
     *
     * @param analog whether the layer runs on crossbar tiles
     * @param tileRows rows a tile of this layer has (the mapping's max_input_size; the layer's input size, plus
     *        one for an analog bias, when unlimited)
     * @param tileCols columns of a tile (max_output_size)
     * @param blockRows rows of the largest block of the layer's weights on one tile (AIHWKit splits a matrix into
     *        near-equal parts of at most tileRows × tileCols); this is what must fit the chip's crossbars
     * @param blockCols columns of that block
     * @param tiles crossbar tiles the layer's weights occupy
     * @param weights weights (and analog biases) programmed onto the tiles
     * @param vectors input vectors per inference (1 for a linear layer, the output positions of a convolution)
     * @param mvms tile MVMs per inference: vectors × tiles
     * @param macs multiply-accumulates per inference
     * @param dacConversions inputs converted per inference
     * @param adcConversions outputs converted per inference
     * @param digitalOps digital operations per inference
     * @param activationsMoved activations moved into and out of the layer per inference
     */
    public record LayerCost(int index, String name, String type, boolean analog, int tileRows, int tileCols,
            int blockRows, int blockCols, long tiles, long weights, long vectors, long mvms, long macs,
            long dacConversions, long adcConversions,
            long digitalOps, long activationsMoved, double energyPj, double latencyNs, Energy energy) {}

    /** Where the energy goes, in pJ. */
    public record Energy(double dac, double adc, double array, double digital, double movement) {

        double total() {
            return dac + adc + array + digital + movement;
        }

        Energy plus(Energy o) {
            return new Energy(dac + o.dac, adc + o.adc, array + o.array, digital + o.digital, movement + o.movement);
        }
    }

    /**
     * @param chipTiles tiles of the modelled chip
     * @param fits whether the network's tiles fit the chip (and every block of weights its crossbars) without
     *        reprogramming
     * @param operationsPerJoule effective efficiency: 2 × MACs / energy, in TOPS/W (tera-operations per joule)
     * @param inferencesPerSecond 1 / latency: one inference after the other, layers in sequence
     */
    public record Totals(long tiles, long weights, long mvms, long macs, long dacConversions, long adcConversions,
            long digitalOps, long activationsMoved, double energyPj, double latencyNs, Energy energy, long chipTiles,
            boolean fits, double topsPerWatt, double inferencesPerSecond) {}
}
