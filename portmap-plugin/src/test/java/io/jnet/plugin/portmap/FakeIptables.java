package io.jnet.plugin.portmap;

import io.jnet.firewall.Family;
import io.jnet.firewall.iptables.PublishedPorts;
import io.jnet.firewall.FirewallException;
import io.jnet.firewall.Iptables;
import io.jnet.firewall.Rule;
import io.jnet.firewall.Table;
import io.jnet.firewall.Transaction;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory nat table per family that applies transaction scripts the way iptables-restore --noflush
 * does (all or nothing; -D of a missing rule, -N of an existing chain, -A into a missing chain fail), for
 * unit tests of the plugin without root. Checked against the real thing by the kernel tests' same flows.
 */
final class FakeIptables implements Iptables {
    private final Map<Family, Map<String, List<Rule>>> tables = new EnumMap<>(Family.class);
    private final Map<Family, Integer> failures = new EnumMap<>(Family.class);
    final List<String> applied = new ArrayList<>();
    String unavailable;

    FakeIptables() {
        for (Family f : Family.values()) {
            Map<String, List<Rule>> t = new LinkedHashMap<>();
            for (String c : List.of("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING")) {
                t.put(c, new ArrayList<>());
            }
            tables.put(f, t);
        }
    }

    /** The next {@code n} applies in {@code family} fail as if the table had changed. */
    void failNext(Family family, int n) {
        failures.put(family, n);
    }

    @Override
    public Table read(Family family, String table) {
        StringBuilder sb = new StringBuilder("*nat\n");
        tables.get(family).keySet().forEach(c -> sb.append(':').append(c).append(" - [0:0]\n"));
        tables.get(family).forEach((c, rules) -> rules.forEach(r -> sb.append("-A ").append(c).append(' ').append(r.text()).append('\n')));
        return Table.parse("nat", sb.append("COMMIT\n").toString());
    }

    @Override
    public void apply(Family family, Transaction tx) throws FirewallException {
        if (tx.isEmpty()) {
            return;
        }
        int fail = failures.getOrDefault(family, 0);
        if (fail > 0) {
            failures.put(family, fail - 1);
            throw new FirewallException("injected failure");
        }
        Map<String, List<Rule>> copy = new LinkedHashMap<>();
        tables.get(family).forEach((c, r) -> copy.put(c, new ArrayList<>(r)));
        for (String line : tx.script().split("\n")) {
            if (line.startsWith("*") || line.equals("COMMIT")) {
                continue;
            }
            if (line.startsWith(":")) {
                copy.put(line.substring(1, line.indexOf(' ')), new ArrayList<>());
                continue;
            }
            List<String> t = Rule.tokenize(line);
            String op = t.get(0);
            String chain = t.get(1);
            if (!op.equals("-N") && !copy.containsKey(chain)) {
                throw new FirewallException("no chain " + chain + ": " + line);
            }
            switch (op) {
                case "-N" -> {
                    if (copy.putIfAbsent(chain, new ArrayList<>()) != null) {
                        throw new FirewallException("Chain already exists: " + line);
                    }
                }
                case "-A" -> copy.get(chain).add(target(copy, new Rule(t.subList(2, t.size())), line));
                case "-I" -> copy.get(chain).add(0, target(copy, new Rule(t.subList(3, t.size())), line));
                case "-D" -> {
                    if (!copy.get(chain).remove(new Rule(t.subList(2, t.size())))) {
                        throw new FirewallException("no such rule: " + line);
                    }
                }
                case "-F" -> copy.get(chain).clear();
                case "-X" -> {
                    boolean referenced = copy.values().stream().flatMap(List::stream)
                            .anyMatch(r -> chain.equals(PublishedPorts.value(r, "-j")));
                    if (!copy.get(chain).isEmpty() || referenced) {
                        throw new FirewallException("chain in use: " + line);
                    }
                    copy.remove(chain);
                }
                default -> throw new FirewallException("unknown line " + line);
            }
        }
        tables.put(family, copy);
        applied.add(family + "\n" + tx.script());
    }

    /** A jump to a user chain needs the chain (built-in targets are upper case without a dash). */
    private static Rule target(Map<String, List<Rule>> t, Rule r, String line) throws FirewallException {
        String target = PublishedPorts.value(r, "-j");
        if (target != null && target.contains("-") && !t.containsKey(target)) {
            throw new FirewallException("no target chain " + target + ": " + line);
        }
        return r;
    }

    @Override
    public String unavailableReason(Family family) {
        return unavailable;
    }
}
