package dev.shoal.node.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Kubernetes API warnings: {@code Warning: 299 - "text"} headers (RFC 7234 warn-code 299,
 * agent "-", a quoted text with backslash escapes), possibly several in one
 * header separated by commas. Other warn codes are not API warnings and are ignored.
 */
final class WarningHeaders {
    private static final Pattern WARNING = Pattern.compile("299\\s+\\S+\\s+\"((?:[^\"\\\\]|\\\\.)*)\"");

    private WarningHeaders() {}

    static List<String> texts(List<String> headerValues) {
        List<String> out = new ArrayList<>();
        for (String value : headerValues) {
            Matcher m = WARNING.matcher(value);
            while (m.find()) out.add(m.group(1).replaceAll("\\\\(.)", "$1"));
        }
        return out;
    }
}
