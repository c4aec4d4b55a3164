package dev.shoal.api.table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Aligns tab-separated text the way Go's {@code text/tabwriter} does, because kubectl prints both
 * its tables and its {@code describe} output through it and users' eyes (and scripts using
 * {@code awk}) are tuned to that layout.
 *
 * <p>A cell is text terminated by a tab; the text after a line's last tab is not a cell and is
 * never padded. A column block is a run of adjacent lines that all have a cell in that column;
 * each block is as wide as its widest cell plus {@code padding}, at least {@code minWidth}. A line
 * with fewer cells ends the block, which is why {@code describe} sections align independently.
 */
public final class TabWriter {
    private final int minWidth;
    private final int padding;

    public TabWriter(int minWidth, int padding) {
        this.minWidth = minWidth;
        this.padding = padding;
    }

    public String format(String text) {
        List<List<String>> lines = new ArrayList<>();
        for (String line : text.split("\n", -1)) lines.add(Arrays.asList(line.split("\t", -1)));
        StringBuilder out = new StringBuilder();
        format(lines, 0, lines.size(), new ArrayList<>(), out);
        return out.toString();
    }

    // A transcription of tabwriter.Writer.format: find the next block in column `widths.size()`,
    // write the lines before it, measure it, and recurse into its next column.
    private void format(List<List<String>> lines, int line0, int line1, List<Integer> widths, StringBuilder out) {
        int column = widths.size();
        for (int at = line0; at < line1; at++) {
            if (column >= lines.get(at).size() - 1) continue;
            write(lines, line0, at, widths, out);
            line0 = at;
            int width = minWidth;
            for (; at < line1; at++) {
                List<String> line = lines.get(at);
                if (column >= line.size() - 1) break;
                width = Math.max(width, width(line.get(column)) + padding);
            }
            widths.add(width);
            format(lines, line0, at, widths, out);
            widths.remove(widths.size() - 1);
            line0 = at;
        }
        write(lines, line0, line1, widths, out);
    }

    private static void write(List<List<String>> lines, int from, int to, List<Integer> widths, StringBuilder out) {
        for (int i = from; i < to; i++) {
            List<String> line = lines.get(i);
            for (int j = 0; j < line.size(); j++) {
                String cell = line.get(j);
                out.append(cell);
                if (j < widths.size()) out.append(" ".repeat(Math.max(0, widths.get(j) - width(cell))));
            }
            if (i + 1 < lines.size()) out.append('\n');
        }
    }

    private static int width(String cell) {
        return cell.codePointCount(0, cell.length());
    }
}
