package dev.shoal.api;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes resource quantities ({@code 100m}, {@code 0.5}, {@code 128Mi}, {@code 1G}, {@code 1e3}).
 * A quantity is a decimal number followed by a binary-SI suffix (Ki..Ei, powers of 1024), a
 * decimal-SI suffix (n, u, m, k, M..E, powers of 1000) or a decimal exponent (e3, E-2).
 * Like Kubernetes, conversions to integers round up: {@code 0.1m} of CPU is one millicore.
 */
public final class Quantity {
    /** Bounds the exponent so that "1e999999999" is refused instead of expanded. */
    private static final int MAX_EXPONENT = 30;
    private static final int MAX_LENGTH = 64;
    private static final Pattern FORMAT =
            Pattern.compile("([+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?");
    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("Ki", BigDecimal.valueOf(1024L)),
            Map.entry("Mi", BigDecimal.valueOf(1024L * 1024)),
            Map.entry("Gi", BigDecimal.valueOf(1024L * 1024 * 1024)),
            Map.entry("Ti", BigDecimal.valueOf(1024L * 1024 * 1024 * 1024)),
            Map.entry("Pi", BigDecimal.valueOf(1024L * 1024 * 1024 * 1024 * 1024)),
            Map.entry("Ei", BigDecimal.valueOf(1024L * 1024 * 1024 * 1024 * 1024 * 1024)),
            Map.entry("n", BigDecimal.ONE.scaleByPowerOfTen(-9)),
            Map.entry("u", BigDecimal.ONE.scaleByPowerOfTen(-6)),
            Map.entry("m", BigDecimal.ONE.scaleByPowerOfTen(-3)),
            Map.entry("k", BigDecimal.ONE.scaleByPowerOfTen(3)),
            Map.entry("M", BigDecimal.ONE.scaleByPowerOfTen(6)),
            Map.entry("G", BigDecimal.ONE.scaleByPowerOfTen(9)),
            Map.entry("T", BigDecimal.ONE.scaleByPowerOfTen(12)),
            Map.entry("P", BigDecimal.ONE.scaleByPowerOfTen(15)),
            Map.entry("E", BigDecimal.ONE.scaleByPowerOfTen(18)));

    private Quantity() {}

    /** The exact value; throws IllegalArgumentException naming the input when it is not a quantity. */
    public static BigDecimal parse(String text) {
        if (text == null || text.isEmpty()) throw new IllegalArgumentException("quantity must not be empty");
        if (text.length() > MAX_LENGTH) throw new IllegalArgumentException("quantity is too long: " + text.length() + " characters");
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("quantities must match the regular expression "
                    + "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$': \"" + text + "\"");
        }
        BigDecimal number = new BigDecimal(m.group(1));
        String suffix = m.group(2);
        if (suffix == null) return number;
        if (suffix.charAt(0) == 'e' || (suffix.charAt(0) == 'E' && suffix.length() > 1)) {
            int exp;
            try {
                exp = Integer.parseInt(suffix.substring(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("quantity exponent out of range: \"" + text + "\"");
            }
            if (Math.abs(exp) > MAX_EXPONENT) throw new IllegalArgumentException("quantity exponent out of range: \"" + text + "\"");
            return number.scaleByPowerOfTen(exp);
        }
        return number.multiply(SUFFIXES.get(suffix));
    }

    /** CPU in millicores, rounded up: "100m" is 100, "0.5" is 500, "2" is 2000. */
    public static long milliValue(String text) {
        return toLong(parse(text).scaleByPowerOfTen(3), text);
    }

    /** Memory in bytes, rounded up: "128Mi" is 134217728, "1G" is 1000000000. */
    public static long bytes(String text) {
        return toLong(parse(text), text);
    }

    private static long toLong(BigDecimal value, String text) {
        // compare before rounding: setScale on a huge value would allocate its full expansion
        if (value.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("quantity too large: \"" + text + "\"");
        }
        return value.setScale(0, RoundingMode.CEILING).longValueExact();
    }
}
