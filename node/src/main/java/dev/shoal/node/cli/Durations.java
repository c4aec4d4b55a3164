package dev.shoal.node.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations as kubectl's {@code --request-timeout} takes them: "0", "30", "30s", "1m30s", "2h", "500ms". */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");

    private Durations() {}

    public static Duration parse(String text) {
        String t = text.strip();
        if (t.matches("\\d+")) return Duration.ofSeconds(Long.parseLong(t)); // a bare number is seconds
        Matcher m = PART.matcher(t);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            });
            end = m.end();
        }
        if (end != t.length() || t.isEmpty()) {
            throw new IllegalArgumentException("invalid duration \"" + text + "\": use e.g. 30s, 1m, 0 for no limit");
        }
        return total;
    }

    /** For picocli options that take a duration. */
    public static final class Converter implements picocli.CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
