package io.analogcomposer.cli;

import java.util.List;

/** Plain aligned text tables (no box drawing: they paste into issues and diff cleanly). */
final class Table {

    private Table() {
    }

    static String render(List<String> headers, List<List<String>> rows) {
        int[] width = new int[headers.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = headers.get(c).length();
            for (List<String> r : rows) {
                width[c] = Math.max(width[c], c < r.size() ? r.get(c).length() : 0);
            }
        }
        StringBuilder b = new StringBuilder();
        line(b, headers, width);
        for (List<String> r : rows) {
            line(b, r, width);
        }
        return b.toString();
    }

    private static void line(StringBuilder b, List<String> cells, int[] width) {
        StringBuilder l = new StringBuilder();
        for (int c = 0; c < width.length; c++) {
            String cell = c < cells.size() && cells.get(c) != null ? cells.get(c) : "";
            l.append(cell);
            if (c < width.length - 1) {
                l.append(" ".repeat(width[c] - cell.length() + 2));
            }
        }
        b.append(l.toString().stripTrailing()).append('\n');
    }
}
