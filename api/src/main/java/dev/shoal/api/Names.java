package dev.shoal.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Kubernetes' name rules (apimachinery {@code util/validation}), each returning the list of
 * reasons a value is wrong, in Kubernetes' own words; an empty list means valid. The
 * messages are the "detail" part of {@code Invalid value: "x": <detail>}.
 */
public final class Names {
    /** No vowels and no look-alikes (0/o, 1/l), so generated names never spell words. */
    public static final String SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    public static final int SUFFIX_LENGTH = 5;
    public static final int DNS1123_LABEL_MAX = 63;
    public static final int DNS1123_SUBDOMAIN_MAX = 253;
    public static final int QUALIFIED_NAME_MAX = 63;
    public static final int LABEL_VALUE_MAX = 63;
    public static final int PORT_NAME_MAX = 15;

    private static final String LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final String SUBDOMAIN_FMT = LABEL_FMT + "(\\." + LABEL_FMT + ")*";
    private static final String QUALIFIED_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private static final Pattern LABEL = Pattern.compile(LABEL_FMT);
    private static final Pattern SUBDOMAIN = Pattern.compile(SUBDOMAIN_FMT);
    private static final Pattern QUALIFIED = Pattern.compile(QUALIFIED_FMT);
    private static final Pattern LABEL_VALUE = Pattern.compile("(" + QUALIFIED_FMT + ")?");
    private static final Pattern PORT_NAME_CHARS = Pattern.compile("[-a-z0-9]+");
    private static final Pattern HAS_LETTER = Pattern.compile(".*[a-z].*");

    private Names() {}

    /** Five random characters for {@code generateName} and pod names; not a security token. */
    public static String generateSuffix(Random random) {
        StringBuilder sb = new StringBuilder(SUFFIX_LENGTH);
        for (int i = 0; i < SUFFIX_LENGTH; i++) {
            sb.append(SUFFIX_ALPHABET.charAt(random.nextInt(SUFFIX_ALPHABET.length())));
        }
        return sb.toString();
    }

    /** Namespace and Service names, container names: {@code my-name}, at most 63 characters. */
    public static List<String> dns1123Label(String value) {
        List<String> errs = new ArrayList<>();
        if (value.length() > DNS1123_LABEL_MAX) errs.add(maxLength(DNS1123_LABEL_MAX));
        if (!LABEL.matcher(value).matches()) {
            errs.add("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
                    + "and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', "
                    + "regex used for validation is '" + LABEL_FMT + "')");
        }
        return errs;
    }

    /** Most object names: {@code example.com}, at most 253 characters. */
    public static List<String> dns1123Subdomain(String value) {
        List<String> errs = new ArrayList<>();
        if (value.length() > DNS1123_SUBDOMAIN_MAX) errs.add(maxLength(DNS1123_SUBDOMAIN_MAX));
        if (!SUBDOMAIN.matcher(value).matches()) {
            errs.add("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
                    + "and must start and end with an alphanumeric character (e.g. 'example.com', "
                    + "regex used for validation is '" + SUBDOMAIN_FMT + "')");
        }
        return errs;
    }

    /** Label and annotation keys: an optional DNS subdomain prefix and a slash, then a short name. */
    public static List<String> qualifiedName(String value) {
        List<String> errs = new ArrayList<>();
        String[] parts = value.split("/", -1);
        String name;
        if (parts.length == 1) {
            name = parts[0];
        } else if (parts.length == 2) {
            String prefix = parts[0];
            name = parts[1];
            if (prefix.isEmpty()) {
                errs.add("prefix part must be non-empty");
            } else {
                for (String e : dns1123Subdomain(prefix)) errs.add("prefix part " + e);
            }
        } else {
            errs.add("a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start "
                    + "and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', "
                    + "regex used for validation is '" + QUALIFIED_FMT + "') with an optional DNS subdomain prefix "
                    + "and '/' (e.g. 'example.com/MyName')");
            return errs;
        }
        if (name.isEmpty()) {
            errs.add("name part must be non-empty");
        } else if (name.length() > QUALIFIED_NAME_MAX) {
            errs.add("name part " + maxLength(QUALIFIED_NAME_MAX));
        }
        if (!name.isEmpty() && !QUALIFIED.matcher(name).matches()) {
            errs.add("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end "
                    + "with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', "
                    + "regex used for validation is '" + QUALIFIED_FMT + "')");
        }
        return errs;
    }

    /** Label values: empty, or like a qualified name without prefix. */
    public static List<String> labelValue(String value) {
        List<String> errs = new ArrayList<>();
        if (value.length() > LABEL_VALUE_MAX) errs.add(maxLength(LABEL_VALUE_MAX));
        if (!LABEL_VALUE.matcher(value).matches()) {
            errs.add("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
                    + "and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  "
                    + "or '12345', regex used for validation is '(" + QUALIFIED_FMT + ")?')");
        }
        return errs;
    }

    /** Port names (IANA_SVC_NAME, RFC 6335): {@code http}, {@code metrics-1}. */
    public static List<String> portName(String value) {
        List<String> errs = new ArrayList<>();
        if (value.length() > PORT_NAME_MAX) errs.add(maxLength(PORT_NAME_MAX));
        if (!PORT_NAME_CHARS.matcher(value).matches()) {
            errs.add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        }
        if (value.contains("--")) errs.add("must not contain consecutive hyphens");
        if (!HAS_LETTER.matcher(value).matches()) errs.add("must contain at least one letter (a-z)");
        if (value.startsWith("-") || value.endsWith("-")) errs.add("must not begin or end with a hyphen");
        return errs;
    }

    /** Dotted-quad IPv4 without leading zeros, as Go's net.ParseIP accepts it. */
    public static boolean isIPv4(String value) {
        String[] parts = value.split("\\.", -1);
        if (parts.length != 4) return false;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) return false;
            if (p.length() > 1 && p.charAt(0) == '0') return false;
            if (Integer.parseInt(p) > 255) return false;
        }
        return true;
    }

    private static String maxLength(int n) {
        return "must be no more than " + n + " characters";
    }
}
