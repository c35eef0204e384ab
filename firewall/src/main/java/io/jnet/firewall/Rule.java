package io.jnet.firewall;

import java.util.ArrayList;
import java.util.List;

/**
 * One rule as the argument list of {@code iptables -A CHAIN ...}, without the chain. Two rules are
 * equal when their tokens are, which is how rules read back from iptables-save are matched to rules
 * we mean to add or delete (so build rules with the same option order and spelling iptables-save prints).
 */
public record Rule(List<String> args) {

    public Rule {
        args = List.copyOf(args);
    }

    public static Rule of(String... args) {
        return new Rule(List.of(args));
    }

    /** The tokens of an iptables-save/restore line fragment, honouring double quotes and backslash escapes. */
    public static List<String> tokenize(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inToken = false;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '\\' && i + 1 < line.length()) {
                    cur.append(line.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                inToken = true;
            } else if (c == ' ' || c == '\t') {
                if (inToken) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inToken = false;
                }
            } else {
                cur.append(c);
                inToken = true;
            }
        }
        if (inToken) {
            out.add(cur.toString());
        }
        return out;
    }

    /** The rule as iptables-restore reads it, quoting what needs quotes. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (String a : args) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(quote(a));
        }
        return sb.toString();
    }

    static String quote(String token) {
        if (!token.isEmpty() && token.chars().noneMatch(c -> c == ' ' || c == '"' || c == '\\' || c == '\'' || c == '\t')) {
            return token;
        }
        return '"' + token.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    // Written out: a record's generated equals/hashCode bootstrap through invokedynamic on first use, which
    // costs a plugin process ~10 ms of method-handle spinning that the CDS archive does not hold.
    @Override
    public boolean equals(Object o) {
        return o instanceof Rule r && args.equals(r.args);
    }

    @Override
    public int hashCode() {
        return args.hashCode();
    }

    @Override
    public String toString() {
        return text();
    }
}
