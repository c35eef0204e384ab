package io.jnet.firewall;

import io.jnet.explain.Commands;
import java.util.ArrayList;
import java.util.List;

/**
 * The iptables commands that make the same changes as one iptables-restore transaction, for the explain hook: one
 * command per line of the restore input, in its order. (The transaction applies atomically; typed by hand, the
 * commands apply one by one.)
 */
final class IptablesEquivalents {
    private IptablesEquivalents() {}

    static List<String> commands(Family family, Transaction tx, String where) {
        List<String> out = new ArrayList<>();
        String table = tx.table();
        String tool = family.command() + (table.equals("filter") ? "" : " -t " + Commands.quote(table));
        for (String line : tx.script().split("\n")) {
            if (line.isEmpty() || line.startsWith("*") || line.equals("COMMIT")) {
                continue;
            }
            if (line.startsWith(":")) {
                // a declared chain is created, or emptied when it exists already
                String chain = Commands.quote(line.substring(1, line.indexOf(' ')));
                out.add(Commands.in(where, tool + " -N " + chain + " 2>/dev/null") + " || " + Commands.in(where, tool + " -F " + chain));
            } else {
                out.add(Commands.in(where, tool + " " + Commands.words(Rule.tokenize(line))));
            }
        }
        return out;
    }
}
