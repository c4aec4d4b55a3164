package dev.shoal.node.auth;

import java.util.ArrayList;
import java.util.List;

/**
 * The bindings file ({@code --authorization-file}): one binding per line,
 * {@code ROLE,SUBJECT[,NAMESPACE]} where ROLE is cluster-admin, edit or view, SUBJECT is
 * {@code user:NAME} or {@code group:NAME}, and NAMESPACE (edit and view only) limits the grant to
 * one namespace. Blank lines and {@code #} comments are skipped. Pure.
 *
 * <pre>
 * cluster-admin,group:ops
 * edit,user:alice,team-a
 * view,group:auditors
 * </pre>
 */
public final class Bindings {
    private Bindings() {}

    public static List<Binding> parse(String content) {
        List<Binding> out = new ArrayList<>();
        String[] lines = content.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] f = line.split(",", -1);
            try {
                if (f.length < 2 || f.length > 3) throw new IllegalArgumentException("expected ROLE,user:NAME|group:NAME[,NAMESPACE]");
                Role role = Role.byBindingName(f[0].strip());
                String subject = f[1].strip();
                int colon = subject.indexOf(':');
                if (colon <= 0 || colon == subject.length() - 1) {
                    throw new IllegalArgumentException("the subject must be user:NAME or group:NAME, got \"" + subject + "\"");
                }
                Binding.SubjectKind kind = switch (subject.substring(0, colon)) {
                    case "user" -> Binding.SubjectKind.USER;
                    case "group" -> Binding.SubjectKind.GROUP;
                    default -> throw new IllegalArgumentException("the subject must be user:NAME or group:NAME, got \"" + subject + "\"");
                };
                String namespace = f.length == 3 ? f[2].strip() : "";
                out.add(new Binding(role, new Binding.Subject(kind, subject.substring(colon + 1)), namespace));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return out;
    }

    /** The file's text for a list of bindings (what {@link #parse} reads back). */
    public static String format(List<Binding> bindings) {
        StringBuilder b = new StringBuilder();
        for (Binding x : bindings) {
            b.append(x.role().bindingName()).append(',').append(x.subject());
            if (!x.namespace().isEmpty()) b.append(',').append(x.namespace());
            b.append('\n');
        }
        return b.toString();
    }
}
