package io.jnet.firewall.iptables;

import io.jnet.firewall.Family;
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
 * An in-memory nat table per family that applies transactions like iptables-restore --noflush: all lines or none,
 * deleting a missing rule or a non-empty chain fails. Only for unit tests; the ITs use the real commands.
 */
final class FakeIptables implements Iptables {
    private final Map<Family, Map<String, List<Rule>>> nat = new EnumMap<>(Family.class);
    int applies;

    FakeIptables() {
        for (Family f : Family.values()) {
            Map<String, List<Rule>> t = new LinkedHashMap<>();
            for (String builtin : List.of("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING")) {
                t.put(builtin, new ArrayList<>());
            }
            nat.put(f, t);
        }
    }

    @Override
    public Table read(Family family, String table) {
        StringBuilder sb = new StringBuilder("*nat\n");
        nat.get(family).keySet().forEach(c -> sb.append(':').append(c).append(" - [0:0]\n"));
        nat.get(family).forEach((c, rules) -> rules.forEach(r -> sb.append("-A ").append(c).append(' ').append(r.text()).append('\n')));
        return Table.parse(table, sb.append("COMMIT\n").toString());
    }

    @Override
    public void apply(Family family, Transaction tx) throws FirewallException {
        Map<String, List<Rule>> copy = new LinkedHashMap<>();
        nat.get(family).forEach((k, v) -> copy.put(k, new ArrayList<>(v)));
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
            List<Rule> rules = copy.get(chain);
            if (rules == null) {
                throw new FirewallException("no chain " + chain + ": " + line);
            }
            switch (op) {
                case "-A" -> rules.add(new Rule(t.subList(2, t.size())));
                case "-I" -> rules.add(0, new Rule(t.subList(3, t.size())));
                case "-D" -> {
                    if (!rules.remove(new Rule(t.subList(2, t.size())))) {
                        throw new FirewallException("no such rule: " + line);
                    }
                }
                case "-F" -> rules.clear();
                case "-X" -> {
                    if (!rules.isEmpty()) {
                        throw new FirewallException("chain not empty: " + line);
                    }
                    copy.remove(chain);
                }
                default -> throw new FirewallException("unknown line " + line);
            }
        }
        nat.put(family, copy);
        applies++;
    }

    @Override
    public String unavailableReason(Family family) {
        return null;
    }
}
