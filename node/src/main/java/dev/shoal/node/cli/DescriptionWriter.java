package dev.shoal.node.cli;

import dev.shoal.api.table.TabWriter;

import java.util.Map;

/**
 * Builds {@code describe} text as kubectl's PrefixWriter does: lines at indentation levels, with
 * tabs between a label and its value, aligned at the end by a tabwriter (min width 0, padding 2).
 */
final class DescriptionWriter {
    private static final TabWriter LAYOUT = new TabWriter(0, 2);
    private final StringBuilder text = new StringBuilder();

    /** One line at {@code level} (two spaces each); cells separated by tabs. */
    DescriptionWriter line(int level, String... cells) {
        text.append("  ".repeat(level)).append(String.join("\t", cells)).append('\n');
        return this;
    }

    /** "Label:  value", or "Label:  &lt;none&gt;" for an empty value. */
    DescriptionWriter field(int level, String label, Object value) {
        String v = value == null || value.toString().isEmpty() ? "<none>" : value.toString();
        return line(level, label + ":", v);
    }

    /** A map one entry per line, the first beside the label: kubectl's Labels/Annotations layout. */
    DescriptionWriter map(int level, String label, Map<String, String> entries, String separator) {
        if (entries.isEmpty()) return field(level, label, "");
        boolean first = true;
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(entries).entrySet()) {
            line(level, first ? label + ":" : "", e.getKey() + separator + e.getValue());
            first = false;
        }
        return this;
    }

    String render() {
        return LAYOUT.format(text.toString());
    }
}
