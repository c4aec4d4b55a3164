package dev.shoal.node.auth;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Kubernetes' static token file ({@code --token-auth-file}): one credential per line,
 * {@code token,user,uid,"group1,group2"}; the groups column is optional, blank lines and lines
 * starting with {@code #} are skipped. Quoting is CSV's: a field in double quotes may hold commas,
 * and {@code ""} inside it is one quote. Pure.
 */
public final class TokenFile {
    /** One line: the bearer token and whom it stands for. */
    public record Entry(String token, UserInfo user) {}

    /** A line that is not a credential; the message names the line number. */
    public static final class ParseException extends IllegalArgumentException {
        ParseException(String message) {
            super(message);
        }
    }

    private TokenFile() {}

    public static List<Entry> parse(String content) {
        List<Entry> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String[] lines = content.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            int n = i + 1;
            List<String> f = fields(line, n);
            if (f.size() < 3) throw new ParseException("line " + n + ": expected token,user,uid[,\"group1,group2\"], got "
                    + f.size() + " field(s)");
            if (f.size() > 4) throw new ParseException("line " + n + ": more than 4 fields (quote the groups: \"g1,g2\")");
            String token = f.get(0).strip();
            String user = f.get(1).strip();
            if (token.isEmpty()) throw new ParseException("line " + n + ": the token is empty");
            if (user.isEmpty()) throw new ParseException("line " + n + ": the user name is empty");
            if (!seen.add(token)) throw new ParseException("line " + n + ": the same token appears twice");
            List<String> groups = new ArrayList<>();
            if (f.size() == 4) {
                for (String g : f.get(3).split(",")) {
                    if (!g.isBlank()) groups.add(g.strip());
                }
            }
            out.add(new Entry(token, UserInfo.authenticated(user, f.get(2).strip(), groups)));
        }
        return out;
    }

    /** The comma-separated fields of one line, with CSV quoting. */
    private static List<String> fields(String line, int n) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"' && cur.toString().isBlank() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
                cur.setLength(0);
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
                wasQuoted = false;
            } else if (wasQuoted && !Character.isWhitespace(c)) {
                throw new ParseException("line " + n + ": text after a closing quote");
            } else {
                cur.append(c);
            }
        }
        if (quoted) throw new ParseException("line " + n + ": a quote is not closed");
        out.add(cur.toString());
        return out;
    }
}
