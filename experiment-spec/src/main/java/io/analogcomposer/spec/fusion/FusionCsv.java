package io.analogcomposer.spec.fusion;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Fusion chip's conductance file, as AIHWKit's {@code fusion_export} writes it and the composer accepts and
 * returns it. Five header rows with one column per analog layer (module id, class name, number of weights, height,
 * width), a row of layer names, then one row per layer with its conductances in µS. Numbers are written as
 * Python's {@code repr} writes them; header rows end with LF and conductance rows with CR LF, as in the real
 * sample from the composer ({@code analog_fusion_lenet5.csv}), so that a file
 * read and written again is byte for byte the same. Any line ending is accepted on reading.
 */
public record FusionCsv(List<FusionLayer> layers) {

    private static final String[] HEADER_ROWS = {"id", "class", "num_weights", "height", "width", "names"};

    public FusionCsv {
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("a Fusion CSV needs at least one layer");
        }
        layers = List.copyOf(layers);
    }

    /**
     * The largest target a Fusion chip takes: 40 µS, the top of the Fusion converter's g_max range (the emulated
     * chip refuses more).
     */
    public static final double MAX_TARGET_US = 40.0;

    /**
     * Checks that every value can be a programming target (at most {@code maxUs}); the error names the line and
     * column of the first that cannot, as {@link #parse} does for malformed ones.
     */
    public void requireTargetsAtMost(double maxUs) {
        for (int l = 0; l < layers.size(); l++) {
            double[] g = layers.get(l).conductancesUs();
            for (int i = 0; i < g.length; i++) {
                if (g[i] > maxUs) {
                    throw new IllegalArgumentException("line " + (HEADER_ROWS.length + l + 1) + ", column " + (i + 1)
                            + " (layer " + layers.get(l).name() + "): " + PythonFloats.repr(g[i]) + " µS is above the "
                            + "largest target the chip takes, " + PythonFloats.repr(maxUs) + " µS");
                }
            }
        }
    }

    public long totalWeights() {
        return layers.stream().mapToLong(FusionLayer::weights).sum();
    }

    public static FusionCsv read(Path file) throws IOException {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Parses the file's text; errors name the line (1-based), the column and the layer. */
    public static FusionCsv parse(String text) {
        String[] lines = text.split("\r?\n", -1);
        int count = lines.length;
        while (count > 0 && lines[count - 1].isEmpty()) {
            count--;
        }
        if (count < HEADER_ROWS.length + 1) {
            throw new IllegalArgumentException("a Fusion CSV has 6 header rows (id, class, num_weights, height, "
                    + "width, names) and one row per layer; this text has " + count + " lines");
        }
        String[][] header = new String[HEADER_ROWS.length][];
        for (int r = 0; r < HEADER_ROWS.length; r++) {
            header[r] = lines[r].split(",", -1);
            if (header[r].length != header[0].length) {
                throw new IllegalArgumentException("line " + (r + 1) + " (" + HEADER_ROWS[r] + ") has "
                        + header[r].length + " columns, line 1 has " + header[0].length + ": one column per layer");
            }
        }
        int layerCount = header[0].length;
        if (count != HEADER_ROWS.length + layerCount) {
            throw new IllegalArgumentException("the header lists " + layerCount + " layers, so the file needs "
                    + (HEADER_ROWS.length + layerCount) + " lines, it has " + count);
        }
        List<FusionLayer> layers = new ArrayList<>(layerCount);
        for (int l = 0; l < layerCount; l++) {
            String name = header[5][l];
            int id = integer(header[0][l], 1, l, name);
            int weights = integer(header[2][l], 3, l, name);
            int height = integer(header[3][l], 4, l, name);
            int width = integer(header[4][l], 5, l, name);
            if ((long) height * width != weights) {
                throw new IllegalArgumentException("layer " + name + " (column " + (l + 1) + "): num_weights "
                        + weights + " is not height × width = " + height + " × " + width);
            }
            int lineNumber = HEADER_ROWS.length + l + 1;
            String[] cells = lines[lineNumber - 1].split(",", -1);
            if (cells.length != weights) {
                throw new IllegalArgumentException("line " + lineNumber + " (layer " + name + ") has " + cells.length
                        + " conductances, the header says " + weights);
            }
            double[] values = new double[weights];
            for (int i = 0; i < weights; i++) {
                try {
                    values[i] = Double.parseDouble(cells[i]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("line " + lineNumber + ", column " + (i + 1) + " (layer "
                            + name + "): '" + cells[i] + "' is not a number");
                }
                if (!(values[i] >= 0) || Double.isInfinite(values[i])) {
                    throw new IllegalArgumentException("line " + lineNumber + ", column " + (i + 1) + " (layer "
                            + name + "): conductance " + cells[i] + " must be a finite value ≥ 0 µS");
                }
            }
            layers.add(new FusionLayer(id, header[1][l], height, width, name, values));
        }
        return new FusionCsv(layers);
    }

    private static int integer(String cell, int line, int column, String layer) {
        try {
            return Integer.parseInt(cell.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("line " + line + " (" + HEADER_ROWS[line - 1] + "), column "
                    + (column + 1) + " (layer " + layer + "): '" + cell + "' is not an integer");
        }
    }

    public String format() {
        StringBuilder out = new StringBuilder((int) Math.min(Integer.MAX_VALUE - 8, totalWeights() * 20 + 256));
        row(out, layers.stream().map(l -> String.valueOf(l.id())).toList(), "\n");
        row(out, layers.stream().map(FusionLayer::className).toList(), "\n");
        row(out, layers.stream().map(l -> String.valueOf(l.weights())).toList(), "\n");
        row(out, layers.stream().map(l -> String.valueOf(l.height())).toList(), "\n");
        row(out, layers.stream().map(l -> String.valueOf(l.width())).toList(), "\n");
        row(out, layers.stream().map(FusionLayer::name).toList(), "\n");
        for (FusionLayer layer : layers) {
            double[] values = layer.conductancesUs();
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(PythonFloats.repr(values[i]));
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, format(), StandardCharsets.UTF_8);
    }

    private static void row(StringBuilder out, List<String> cells, String end) {
        out.append(String.join(",", cells)).append(end);
    }
}
