package io.jnet.firewall;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One family's tables as iptables-save showed them, changed in memory the way iptables-restore --noflush changes
 * them for the lines a {@link Transaction} writes. A line it cannot follow exactly (another form, a built-in
 * chain's declaration, a rule or chain that is not there) makes {@link #apply} answer false: the copy is then no
 * longer known to match the kernel and must be dropped.
 */
final class TableEdits {
    private final Map<String, Map<String, List<Rule>>> chains = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> policies = new LinkedHashMap<>();

    /** The tables of a whole {@code iptables-save}: those it shows, and iptables' own tables it does not (absent). */
    static TableEdits ofSave(String saveOutput) {
        TableEdits edits = new TableEdits();
        for (String line : saveOutput.split("\n")) {
            if (line.startsWith("*")) {
                String name = line.substring(1).strip();
                edits.put(Table.parse(name, saveOutput));
            }
        }
        return edits;
    }

    private void put(Table t) {
        chains.put(t.name(), t.copyOfChains());
        policies.put(t.name(), new LinkedHashMap<>(t.policies()));
    }

    /** The table now; a table of iptables' own the save did not show does not exist: its built-in chains, empty. */
    Table table(String name) {
        if (!chains.containsKey(name)) {
            return AbsentTables.known(name) ? AbsentTables.empty(name) : Table.parse(name, "");
        }
        return Table.of(name, chains.get(name), policies.get(name));
    }

    /** Applies the transactions' lines in order; false when one could not be followed (then drop this copy). */
    boolean apply(List<Transaction> txs) {
        for (Transaction tx : txs) {
            if (!tx.isEmpty() && !apply(tx)) {
                return false;
            }
        }
        return true;
    }

    private boolean apply(Transaction tx) {
        String name = tx.table();
        if (!chains.containsKey(name)) {
            if (!AbsentTables.known(name)) {
                return false;
            }
            put(AbsentTables.empty(name)); // iptables-restore creates the table with its built-in chains
        }
        Map<String, List<Rule>> table = chains.get(name);
        Map<String, String> policy = policies.get(name);
        for (String line : tx.script().split("\n")) {
            if (line.startsWith("*") || line.equals("COMMIT") || line.isBlank()) {
                continue;
            }
            if (!applyLine(table, policy, line)) {
                return false;
            }
        }
        return true;
    }

    /** The basic matches in the order iptables-save prints them, each with its "!" if it has one. */
    private static final List<String> BASIC = List.of("-s", "-d", "-i", "-o", "-p", "-f");

    /**
     * The rule as iptables-save prints it back: the basic matches first (source, destination, interfaces, protocol,
     * fragment), then the modules and the target in the order written; an address without a prefix length gets the
     * host one. Modules only take long options, so a short one anywhere is a basic match.
     */
    static Rule canonical(List<String> args) {
        Map<String, List<String>> basic = new LinkedHashMap<>();
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            boolean not = args.get(i).equals("!") && i + 1 < args.size() && BASIC.contains(args.get(i + 1));
            String opt = args.get(not ? i + 1 : i);
            if (!BASIC.contains(opt)) {
                rest.add(args.get(i));
                continue;
            }
            List<String> m = new ArrayList<>();
            if (not) {
                m.add("!");
                i++;
            }
            m.add(opt);
            if (!opt.equals("-f") && i + 1 < args.size()) {
                String value = args.get(++i);
                m.add((opt.equals("-s") || opt.equals("-d")) && value.indexOf('/') < 0 ? value + (value.indexOf(':') < 0 ? "/32" : "/128") : value);
            }
            basic.put(opt, m);
        }
        List<String> out = new ArrayList<>();
        BASIC.forEach(o -> out.addAll(basic.getOrDefault(o, List.of())));
        out.addAll(rest);
        return new Rule(out);
    }

    private static boolean applyLine(Map<String, List<Rule>> table, Map<String, String> policy, String line) {
        if (line.startsWith(":")) {
            String[] f = line.substring(1).split(" ");
            if (f.length < 2 || !f[1].equals("-") || policy.containsKey(f[0])) {
                return false; // a built-in chain's policy line: not something a Transaction writes
            }
            table.computeIfAbsent(f[0], c -> new ArrayList<>()).clear(); // created, or flushed when it exists
            return true;
        }
        List<String> tokens = Rule.tokenize(line);
        if (tokens.size() < 2) {
            return false;
        }
        String op = tokens.get(0);
        String chain = tokens.get(1);
        List<Rule> rules = table.get(chain);
        switch (op) {
            case "-N":
                return tokens.size() == 2 && table.putIfAbsent(chain, new ArrayList<>()) == null;
            case "-X":
                return tokens.size() == 2 && rules != null && rules.isEmpty() && !policy.containsKey(chain)
                        && table.remove(chain) != null;
            case "-F":
                if (tokens.size() != 2 || rules == null) {
                    return false;
                }
                rules.clear();
                return true;
            case "-A":
                if (rules == null) {
                    return false;
                }
                rules.add(canonical(tokens.subList(2, tokens.size())));
                return true;
            case "-I":
                if (rules == null || tokens.size() < 3 || !tokens.get(2).equals("1")) {
                    return false;
                }
                rules.add(0, canonical(tokens.subList(3, tokens.size())));
                return true;
            case "-D":
                return rules != null && rules.remove(canonical(tokens.subList(2, tokens.size())));
            default:
                return false;
        }
    }
}
