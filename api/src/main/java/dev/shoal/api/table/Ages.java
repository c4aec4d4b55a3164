package dev.shoal.api.table;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Ages as kubectl prints them ({@code 45s}, {@code 3m12s}, {@code 5h}, {@code 2d3h}), after
 * apimachinery's {@code duration.HumanDuration}: the precision falls as the age grows, so a
 * column of ages stays narrow and the digits that matter stay visible.
 */
public final class Ages {
    private Ages() {}

    /** The age of an RFC 3339 timestamp at {@code now}; "&lt;unknown&gt;" when it is absent or unreadable. */
    public static String since(String timestamp, Instant now) {
        if (timestamp == null || timestamp.isEmpty()) return "<unknown>";
        try {
            return human(Duration.between(Instant.parse(timestamp), now));
        } catch (DateTimeParseException e) {
            return "<unknown>";
        }
    }

    public static String human(Duration d) {
        long seconds = d.getSeconds();
        // up to a second in the future is clock skew between machines, not an error
        if (seconds < -1) return "<invalid>";
        if (seconds < 0) return "0s";
        if (seconds < 60 * 2) return seconds + "s";
        long minutes = seconds / 60;
        if (minutes < 10) return unit(minutes, "m", seconds % 60, "s");
        if (minutes < 60 * 3) return minutes + "m";
        long hours = minutes / 60;
        if (hours < 8) return unit(hours, "h", minutes % 60, "m");
        if (hours < 48) return hours + "h";
        if (hours < 24 * 8) return unit(hours / 24, "d", hours % 24, "h");
        if (hours < 24 * 365 * 2) return hours / 24 + "d";
        if (hours < 24 * 365 * 8) return unit(hours / 24 / 365, "y", (hours / 24) % 365, "d");
        return hours / 24 / 365 + "y";
    }

    /** "3m12s", or "3m" when the smaller unit is zero. */
    private static String unit(long big, String bigUnit, long small, String smallUnit) {
        return small == 0 ? big + bigUnit : big + bigUnit + small + smallUnit;
    }
}
