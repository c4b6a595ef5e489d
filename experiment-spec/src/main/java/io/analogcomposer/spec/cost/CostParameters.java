package io.analogcomposer.spec.cost;

import io.analogcomposer.spec.meta.Param;

/**
 * The named figures of the hardware cost model (see {@link CostEstimator} for how they combine). Every field is
 * optional: a missing one keeps the value of the chosen parameter set.
 */
public record CostParameters(
        @Param(doc = "Rows (inputs) of one physical crossbar of the chip.", min = 1, max = 65536) Integer tileRows,
        @Param(doc = "Columns (outputs) of one physical crossbar of the chip.", min = 1, max = 65536) Integer tileCols,
        @Param(doc = "Crossbar tiles the target chip has.", min = 1, max = 10000000) Integer chipTiles,
        @Param(doc = "Time of one MVM on one tile, in ns (tiles of a layer work in parallel).", min = 0, max = 1e9) Double mvmTimeNs,
        @Param(doc = "Energy of one digital-to-analog conversion of a tile input, in pJ.", min = 0, max = 1e9) Double dacEnergyPj,
        @Param(doc = "Energy of one analog-to-digital conversion of a tile output, in pJ.", min = 0, max = 1e9) Double adcEnergyPj,
        @Param(doc = "Energy of the array per weight (cell) per MVM, in pJ.", min = 0, max = 1e9) Double macEnergyPj,
        @Param(doc = "Digital operations per analog output (scaling, offset, partial-sum additions come on top).", min = 0, max = 1e6) Double digitalOpsPerOutput,
        @Param(doc = "Energy of one digital operation, in pJ.", min = 0, max = 1e9) Double digitalOpEnergyPj,
        @Param(doc = "Time of one digital operation, in ns.", min = 0, max = 1e9) Double digitalOpTimeNs,
        @Param(doc = "Digital operations executed in parallel.", min = 1, max = 10000000) Integer digitalParallelism,
        @Param(doc = "Energy of moving one activation between tiles or buffers, in pJ.", min = 0, max = 1e9) Double dataMovementEnergyPj,
        @Param(doc = "Time of moving one activation, in ns (0 = overlapped with the MVMs).", min = 0, max = 1e9) Double dataMovementTimeNs) {}
