package io.analogcomposer.spec.cost;

import io.analogcomposer.spec.cost.CostEstimate.Energy;
import io.analogcomposer.spec.cost.CostEstimate.LayerCost;
import io.analogcomposer.spec.cost.CostEstimate.Totals;
import io.analogcomposer.spec.cost.ParameterSets.Figure;
import io.analogcomposer.spec.cost.ParameterSets.ParameterSet;
import io.analogcomposer.spec.cost.ParameterSets.Reference;
import io.analogcomposer.spec.experiment.ExperimentSpec;
import io.analogcomposer.spec.network.Layer;
import io.analogcomposer.spec.network.LayerType;
import io.analogcomposer.spec.rpu.MappingParameter;
import io.analogcomposer.spec.rpu.RPUConfig;
import io.analogcomposer.spec.validation.NetworkShapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The hardware cost model: what one inference of an experiment's network costs on a chip of crossbar tiles.
 *
 * <p><b>Mapping.</b> An analog layer's weight matrix has {@code rows} = its inputs (in_features, or in_channels ×
 * kernel for a convolution, plus one row for an analog bias when {@code mapping.digital_bias} is false) and
 * {@code cols} = its outputs. Like AIHWKit's {@code MappingParameter} it is split into tiles of at most
 * {@code max_input_size} × {@code max_output_size} (0 = unlimited): {@code ceil(rows/max_in) × ceil(cols/max_out)}
 * tiles. A layer is fed {@code vectors} input vectors per inference: 1 for a linear layer, one per output
 * position for a convolution; every vector is one MVM on each of the layer's tiles.
 *
 * <p><b>Energy per layer</b> (pJ) = DAC conversions × {@code dac_energy_pj} + ADC conversions ×
 * {@code adc_energy_pj} + vectors × rows × cols × {@code mac_energy_pj} + digital operations ×
 * {@code digital_op_energy_pj} + activations moved × {@code data_movement_energy_pj}, where per vector a layer
 * converts every input once per column-split of tiles and every output once per row-split, and digital work is
 * {@code digital_ops_per_output} per output, plus one addition per extra row-split (partial sums) and one for a
 * digital bias. Activations moved per vector are the layer's inputs fed to the tiles plus its outputs.
 *
 * <p><b>Fit</b>: AIHWKit splits a dimension into near-equal parts, so a tile holds a block of at most
 * {@code ceil(rows / row splits)} × {@code ceil(cols / column splits)} weights; the network fits the chip when every
 * block fits its {@code tile_rows} × {@code tile_cols} crossbars and the tiles needed are at most {@code chip_tiles}.
 *
 * <p><b>Latency</b> (ns): layers run one after another, a layer's tiles in parallel. Per vector an analog layer
 * takes {@code mvm_time_ns} + ceil(digital ops / {@code digital_parallelism}) × {@code digital_op_time_ns} +
 * activations moved × {@code data_movement_time_ns}.
 *
 * <p><b>Recurrent layers</b> (LSTM, GRU, RNN with 4, 3, 1 gate blocks) map their two matrices, W_ih (features ×
 * gates·hidden) and W_hh (hidden × gates·hidden), like linear layers fed one vector per step; per step both MVMs run
 * in parallel, then the gates and the state are computed digitally (13, 10 or 2 operations per hidden unit). A
 * bidirectional layer costs twice that (the reverse direction has its own tiles and runs after the forward one).
 *
 * <p><b>Attention layers</b> map their Q, K, V and output projections (and an encoder block's two MLP matrices)
 * like linear layers fed one vector per token, one after another; the scores, softmax and weighted values (and an
 * encoder block's layer norms, residual sums and ReLU) are digital. A linear layer over a sequence of tokens is fed
 * one vector per token. Layer norm costs 5 operations per element; a position embedding or the token mean 1.
 *
 * <p><b>Digital layers</b> run in the near-memory digital units: a digital linear or convolution costs 2
 * operations per multiply-accumulate and moves its inputs and outputs; pooling costs kernel² operations per
 * output, batch norm 2 and an activation 1 per element (softmax 3); flatten and dropout cost nothing at inference.
 */
public final class CostEstimator {

    private final ParameterSets sets;

    public CostEstimator(ParameterSets sets) {
        this.sets = sets;
    }

    public static CostEstimator standard() {
        return new CostEstimator(ParameterSets.standard());
    }

    /** Estimates a validated (resolved) experiment with the parameter set its document names. */
    public CostEstimate estimate(ExperimentSpec spec) {
        return estimate(spec, null);
    }

    /**
     * Estimates a validated (resolved) experiment.
     *
     * @param parameterSet a set to use instead of the document's (its own figures still apply), or null
     * @throws IllegalArgumentException for an unknown set or a network whose shapes do not follow
     */
    public CostEstimate estimate(ExperimentSpec spec, String parameterSet) {
        CostModel model = spec.costModel();
        String name = parameterSet != null
                ? parameterSet
                : model != null && model.parameterSet() != null ? model.parameterSet() : ParameterSets.DEFAULT;
        ParameterSet base = sets.set(name).orElseThrow(() -> new IllegalArgumentException("'" + name
                + "' is not a cost parameter set; known: " + String.join(", ", sets.names())));
        Map<String, Figure> figures = new LinkedHashMap<>(base.figures());
        if (model != null && model.parameters() != null) {
            override(figures, model.parameters());
        }
        Params p = new Params(figures);
        if (spec.network() == null || spec.network().layers() == null) {
            throw new IllegalArgumentException("the experiment has no network");
        }
        List<Layer> layers = spec.network().layers();
        List<long[]> shapes = NetworkShapes.of(spec.network());
        List<LayerCost> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            long[] in = shapes.get(i);
            long[] out = shapes.get(i + 1);
            if (in == null || out == null) {
                throw new IllegalArgumentException("the shapes of layer " + i + " do not follow; validate first");
            }
            Layer layer = layers.get(i);
            rows.add(layer.type().analog()
                    ? analog(i, layer, mapping(spec, layer), in, out, p, notes)
                    : digital(i, layer, in, out, p));
        }
        Totals totals = totals(rows, p);
        if (rows.stream().noneMatch(LayerCost::analog)) {
            notes.add("The network has no analog layers: nothing is mapped onto crossbar tiles.");
        }
        if (totals.tiles() > totals.chipTiles()) {
            notes.add("The network needs " + totals.tiles() + " tiles but the chip has " + totals.chipTiles()
                    + ": it would have to be reprogrammed during an inference, which the estimate does not include.");
        }
        Set<String> cited = new LinkedHashSet<>();
        figures.values().forEach(f -> cited.add(f.source()));
        List<Reference> references = cited.stream().flatMap(id -> sets.reference(id).stream()).toList();
        return new CostEstimate(base.name(), base.title(), List.copyOf(figures.values()), references, rows, totals,
                notes);
    }

    private LayerCost analog(int index, Layer layer, MappingParameter mapping, long[] in, long[] out, Params p,
            List<String> notes) {
        LayerType type = layer.type();
        boolean bias = !Boolean.FALSE.equals(layer.bias());
        boolean digitalBias = mapping == null || !Boolean.FALSE.equals(mapping.digitalBias());
        int maxIn = mapping == null || mapping.maxInputSize() == null ? 512 : mapping.maxInputSize();
        int maxOut = mapping == null || mapping.maxOutputSize() == null ? 512 : mapping.maxOutputSize();
        Matrix m;
        if (type.in("recurrent")) {
            // a step: W_ih x_t and W_hh h_{t-1} (tiles of both in parallel), then the gates digitally
            long steps = in[0];
            long hidden = layer.hiddenSize();
            long g = type.gates();
            Matrix ih = matrix(in[1], g * hidden, steps, bias, digitalBias, maxIn, maxOut, p);
            Matrix hh = matrix(hidden, g * hidden, steps, bias, digitalBias, maxIn, maxOut, p);
            long gateOps = steps * gateOps(type) * hidden;
            Energy gates = new Energy(0, 0, 0, gateOps * p.digitalPj, 0);
            double perStep = p.mvmNs + Math.ceilDiv((ih.digital + hh.digital) / steps + gateOps(type) * hidden,
                    p.parallelism)
                    * p.digitalNs + (ih.moved + hh.moved) / steps * p.moveNs;
            m = new Matrix(ih.tileRows, ih.tileCols, Math.max(ih.blockRows, hh.blockRows),
                    Math.max(ih.blockCols, hh.blockCols), ih.tiles + hh.tiles, ih.weights + hh.weights, steps,
                    ih.mvms + hh.mvms, ih.macs + hh.macs, ih.dac + hh.dac, ih.adc + hh.adc,
                    ih.digital + hh.digital + gateOps, ih.moved + hh.moved,
                    ih.energy.plus(hh.energy).plus(gates), steps * perStep);
            if (Boolean.TRUE.equals(layer.bidirectional())) {
                // the reverse direction: its own tiles, the same work, run after the forward one
                m = combine(List.of(m, m), 0, p);
            }
        } else if (type.in("attention")) {
            // Q, K, V (and the MLP's two matrices in an encoder block) fed one vector per token; the scores,
            // softmax, weighted values, layer norms and residual sums digitally (attentionOps)
            long tokens = in[0], embed = in[1];
            boolean projBias = type.in("encoder") || bias;
            List<Matrix> parts = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                parts.add(matrix(embed, embed, tokens, projBias, digitalBias, maxIn, maxOut, p));
            }
            if (type.in("encoder")) {
                parts.add(matrix(embed, layer.dimFeedforward(), tokens, true, digitalBias, maxIn, maxOut, p));
                parts.add(matrix(layer.dimFeedforward(), embed, tokens, true, digitalBias, maxIn, maxOut, p));
            }
            long ops = attentionOps(layer, tokens, embed);
            m = combine(parts, ops, p);
        } else if (type.in("linear") && in.length == 2) {
            m = matrix(in[1], out[1], in[0], bias, digitalBias, maxIn, maxOut, p); // token by token
        } else if (type.in("linear")) {
            m = matrix(in[0], out[0], 1, bias, digitalBias, maxIn, maxOut, p);
        } else {
            int rank = type.in("conv1d") ? 1 : 2;
            long kernel = 1;
            for (int d = 0; d < rank; d++) {
                kernel *= layer.kernelSize();
            }
            long vectors = Arrays.stream(out, 1, out.length).reduce(1L, (a, b) -> a * b);
            m = matrix(in[0] * kernel, out[0], vectors, bias, digitalBias, maxIn, maxOut, p);
        }
        // what must fit a physical crossbar is the block of weights actually put on a tile, not the mapping's limit:
        // a 28 × 256 matrix under a 512 × 512 limit still fits a 256 × 256 crossbar
        if (m.blockRows > p.tileRows || m.blockCols > p.tileCols) {
            notes.add("Layer " + index + " (" + type.wire() + ") puts blocks of up to " + m.blockRows + " × "
                    + m.blockCols + " weights on a tile (mapping limit " + m.tileRows + " × " + m.tileCols
                    + "), larger than the chip's " + p.tileRows + " × " + p.tileCols
                    + " crossbars; set rpu_config.mapping max_input_size and max_output_size to at most "
                    + p.tileRows + " and " + p.tileCols + " to map it onto them.");
        }
        return new LayerCost(index, label(index, layer), type.wire(), true, m.tileRows, m.tileCols, m.blockRows,
                m.blockCols, m.tiles,
                m.weights, m.vectors, m.mvms, m.macs, m.dac, m.adc, m.digital, m.moved, m.energy.total(), m.latencyNs,
                m.energy);
    }

    /**
     * Digital operations per hidden unit and step: LSTM 13 (adding the projections 4, four non-linearities 4,
     * c = f·c + i·g 3, tanh(c) and o·tanh(c) 2); GRU 10 (adding 3, r·(h W_hn) 1, three non-linearities 3,
     * h' = (1 − z)·n + z·h 3); RNN 2 (adding, tanh).
     */
    private static long gateOps(LayerType type) {
        return switch (type.gates()) {
            case 4 -> 13;
            case 3 -> 10;
            default -> 2;
        };
    }

    /**
     * The digital work of self-attention over {@code tokens} tokens of {@code embed} features: scores and weighted
     * values 2 × 2·T²·E, softmax 3 per score (heads × T²); an encoder block adds two layer norms (5 per element),
     * two residual sums and the MLP's ReLU.
     */
    private static long attentionOps(Layer layer, long tokens, long embed) {
        long ops = 4 * tokens * tokens * embed + 3L * layer.numHeads() * tokens * tokens;
        if (layer.type().in("encoder")) {
            ops += 12 * tokens * embed + tokens * layer.dimFeedforward();
        }
        return ops;
    }

    /** Several matrices of one layer run one after another, plus {@code ops} digital operations after them. */
    private static Matrix combine(List<Matrix> parts, long ops, Params p) {
        Matrix first = parts.get(0);
        long tiles = 0, weights = 0, mvms = 0, macs = 0, dac = 0, adc = 0, digital = ops, moved = 0;
        int blockRows = 0, blockCols = 0;
        double latency = Math.ceilDiv(ops, p.parallelism) * p.digitalNs;
        Energy energy = new Energy(0, 0, 0, ops * p.digitalPj, 0);
        for (Matrix m : parts) {
            blockRows = Math.max(blockRows, m.blockRows);
            blockCols = Math.max(blockCols, m.blockCols);
            tiles += m.tiles;
            weights += m.weights;
            mvms += m.mvms;
            macs += m.macs;
            dac += m.dac;
            adc += m.adc;
            digital += m.digital;
            moved += m.moved;
            energy = energy.plus(m.energy);
            latency += m.latencyNs;
        }
        return new Matrix(first.tileRows, first.tileCols, blockRows, blockCols, tiles, weights, first.vectors, mvms,
                macs, dac, adc, digital,
                moved, energy, latency);
    }

    /** One weight matrix of {@code inputs} rows and {@code outputs} columns fed {@code vectors} vectors. */
    private record Matrix(int tileRows, int tileCols, int blockRows, int blockCols, long tiles, long weights,
            long vectors, long mvms, long macs, long dac, long adc, long digital, long moved, Energy energy,
            double latencyNs) {}

    private static Matrix matrix(long inputs, long outputs, long vectors, boolean bias, boolean digitalBias, int maxIn,
            int maxOut, Params p) {
        long rows = inputs + (bias && !digitalBias ? 1 : 0);
        long rowSplits = maxIn == 0 ? 1 : Math.ceilDiv(rows, maxIn);
        long colSplits = maxOut == 0 ? 1 : Math.ceilDiv(outputs, maxOut);
        int tileRows = (int) Math.min(Integer.MAX_VALUE, maxIn == 0 ? rows : maxIn);
        int tileCols = (int) Math.min(Integer.MAX_VALUE, maxOut == 0 ? outputs : maxOut);
        // AIHWKit splits a dimension into near-equal parts (TileModuleArray.get_split_sizes): the largest is the ceiling
        int blockRows = (int) Math.min(Integer.MAX_VALUE, Math.ceilDiv(rows, rowSplits));
        int blockCols = (int) Math.min(Integer.MAX_VALUE, Math.ceilDiv(outputs, colSplits));
        long tiles = rowSplits * colSplits;
        long dac = vectors * rows * colSplits;
        long adc = vectors * outputs * rowSplits;
        long cells = vectors * rows * outputs;
        long macs = vectors * inputs * outputs;
        double opsPerOutput = p.opsPerOutput + (rowSplits - 1) + (bias && digitalBias ? 1 : 0);
        long digitalPerVector = (long) Math.ceil(outputs * opsPerOutput);
        long movedPerVector = inputs + outputs;
        Energy energy = new Energy(dac * p.dacPj, adc * p.adcPj, cells * p.macPj,
                vectors * digitalPerVector * p.digitalPj, vectors * movedPerVector * p.movePj);
        double perVector = p.mvmNs + Math.ceilDiv(digitalPerVector, p.parallelism) * p.digitalNs
                + movedPerVector * p.moveNs;
        return new Matrix(tileRows, tileCols, blockRows, blockCols, tiles, rows * outputs, vectors, vectors * tiles,
                macs, dac, adc,
                vectors * digitalPerVector, vectors * movedPerVector, energy, vectors * perVector);
    }

    private static LayerCost digital(int index, Layer layer, long[] in, long[] out, Params p) {
        LayerType type = layer.type();
        long inSize = size(in);
        long outSize = size(out);
        long macs = 0;
        long ops;
        long moved = 0;
        if (type.in("recurrent")) {
            long hidden = layer.hiddenSize();
            macs = (Boolean.TRUE.equals(layer.bidirectional()) ? 2 : 1) * in[0] * type.gates() * hidden * (in[1]
                    + hidden);
        } else if (type.in("attention")) {
            long e = in[1];
            long weights = 4 * e * e + (type.in("encoder") ? 2 * e * layer.dimFeedforward() : 0);
            macs = in[0] * weights;
        } else if (type.in("linear")) {
            macs = in.length == 2 ? in[0] * in[1] * out[1] : in[0] * out[0];
        } else if (type.in("conv")) {
            int rank = type.in("conv1d") ? 1 : 2;
            long kernel = 1;
            for (int d = 0; d < rank; d++) {
                kernel *= layer.kernelSize();
            }
            // a transposed convolution multiplies every input position with the whole kernel
            long[] positions = type == LayerType.CONV_TRANSPOSE2D ? in : out;
            macs = in[0] * out[0] * kernel * Arrays.stream(positions, 1, positions.length).reduce(1L, (a, b) -> a * b);
        }
        if (type.in("recurrent")) {
            // the two projections, then the gates as in the analog LSTM; each step moves its input and state
            long directions = Boolean.TRUE.equals(layer.bidirectional()) ? 2 : 1;
            ops = 2 * macs + directions * in[0] * gateOps(type) * layer.hiddenSize();
            moved = directions * in[0] * (in[1] + 2 * layer.hiddenSize());
        } else if (type.in("attention")) {
            ops = 2 * macs + attentionOps(layer, in[0], in[1]);
            moved = inSize + outSize;
        } else if (type.in("weighted")) {
            ops = 2 * macs;
            moved = inSize + outSize;
        } else if (type == LayerType.LAYER_NORM) {
            ops = 5 * outSize;
        } else if (type == LayerType.POSITION_EMBEDDING || type == LayerType.TOKEN_MEAN) {
            ops = inSize;
        } else if (type.in("pool")) {
            ops = outSize * (long) layer.kernelSize() * layer.kernelSize();
        } else if (type.in("batch_norm")) {
            ops = 2 * outSize;
        } else if (type.in("softmax")) {
            ops = 3 * outSize;
        } else if (type.in("activation")) {
            ops = outSize;
        } else {
            ops = 0; // flatten, dropout: nothing to compute at inference
        }
        Energy energy = new Energy(0, 0, 0, ops * p.digitalPj, moved * p.movePj);
        double latency = Math.ceilDiv(ops, p.parallelism) * p.digitalNs + moved * p.moveNs;
        return new LayerCost(index, label(index, layer), type.wire(), false, 0, 0, 0, 0, 0, 0, 0, 0, macs, 0, 0, ops,
                moved, energy.total(), latency, energy);
    }

    private static Totals totals(List<LayerCost> rows, Params p) {
        long tiles = 0, weights = 0, mvms = 0, macs = 0, dac = 0, adc = 0, digital = 0, moved = 0;
        double latency = 0;
        Energy energy = new Energy(0, 0, 0, 0, 0);
        boolean crossbarsFit = true;
        for (LayerCost r : rows) {
            tiles += r.tiles();
            weights += r.weights();
            mvms += r.mvms();
            macs += r.macs();
            dac += r.dacConversions();
            adc += r.adcConversions();
            digital += r.digitalOps();
            moved += r.activationsMoved();
            latency += r.latencyNs();
            energy = energy.plus(r.energy());
            crossbarsFit &= !r.analog() || (r.blockRows() <= p.tileRows && r.blockCols() <= p.tileCols);
        }
        double total = energy.total();
        return new Totals(tiles, weights, mvms, macs, dac, adc, digital, moved, total, latency, energy, p.chipTiles,
                crossbarsFit && tiles <= p.chipTiles, total > 0 ? 2.0 * macs / total : 0,
                latency > 0 ? 1e9 / latency : 0);
    }

    private static MappingParameter mapping(ExperimentSpec spec, Layer layer) {
        RPUConfig config = layer.rpuConfig() != null ? layer.rpuConfig() : spec.rpuConfig();
        return config == null ? null : config.mapping();
    }

    private static String label(int index, Layer layer) {
        return layer.name() != null ? layer.name() : "layer " + index;
    }

    private static long size(long[] shape) {
        return Arrays.stream(shape).reduce(1L, (a, b) -> a * b);
    }

    /** Replaces the figures the document supplies, marking them as the user's. */
    private static void override(Map<String, Figure> figures, CostParameters u) {
        Object[] values = {u.tileRows(), u.tileCols(), u.chipTiles(), u.mvmTimeNs(), u.dacEnergyPj(),
                u.adcEnergyPj(), u.macEnergyPj(), u.digitalOpsPerOutput(), u.digitalOpEnergyPj(),
                u.digitalOpTimeNs(), u.digitalParallelism(), u.dataMovementEnergyPj(), u.dataMovementTimeNs()};
        for (int i = 0; i < values.length; i++) {
            if (values[i] instanceof Number n) {
                String name = ParameterSets.FIGURES.get(i);
                figures.put(name, new Figure(name, n.doubleValue(), figures.get(name).unit(), "user", "document",
                        "supplied in cost_model.parameters"));
            }
        }
    }

    /** The figures as numbers. */
    private record Params(int tileRows, int tileCols, long chipTiles, double mvmNs, double dacPj, double adcPj,
            double macPj, double opsPerOutput, double digitalPj, double digitalNs, long parallelism, double movePj,
            double moveNs) {

        Params(Map<String, Figure> f) {
            this((int) f.get("tile_rows").value(), (int) f.get("tile_cols").value(),
                    (long) f.get("chip_tiles").value(), f.get("mvm_time_ns").value(),
                    f.get("dac_energy_pj").value(), f.get("adc_energy_pj").value(), f.get("mac_energy_pj").value(),
                    f.get("digital_ops_per_output").value(), f.get("digital_op_energy_pj").value(),
                    f.get("digital_op_time_ns").value(), Math.max(1, (long) f.get("digital_parallelism").value()),
                    f.get("data_movement_energy_pj").value(), f.get("data_movement_time_ns").value());
        }
    }
}
