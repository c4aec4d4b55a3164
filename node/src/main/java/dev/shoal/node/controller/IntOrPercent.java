package dev.shoal.node.controller;

import com.fasterxml.jackson.databind.JsonNode;

/** Kubernetes' IntOrString for maxSurge/maxUnavailable: 3, or "25%" of a total. Pure. */
final class IntOrPercent {
    private IntOrPercent() {}

    /** The absolute value; percentages of {@code total} rounded up or down as the caller says. */
    static int resolve(JsonNode value, int total, boolean roundUp, int dflt) {
        if (value == null || value.isNull() || value.isMissingNode()) return dflt;
        if (value.isNumber()) return value.asInt();
        String s = value.asText().trim();
        if (s.endsWith("%")) {
            int pct = Integer.parseInt(s.substring(0, s.length() - 1));
            long scaled = (long) pct * total;
            return (int) (roundUp ? (scaled + 99) / 100 : scaled / 100);
        }
        return Integer.parseInt(s);
    }
}
