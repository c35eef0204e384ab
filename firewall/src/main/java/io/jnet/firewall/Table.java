package io.jnet.firewall;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One table as iptables-save shows it: chains in order, each with its rules in order. */
public final class Table {
    private final String name;
    private final Map<String, List<Rule>> chains;
    private final Map<String, String> policies;

    private Table(String name, Map<String, List<Rule>> chains) {
        this(name, chains, Map.of());
    }

    private Table(String name, Map<String, List<Rule>> chains, Map<String, String> policies) {
        this.name = name;
        this.chains = chains;
        this.policies = Map.copyOf(policies);
    }

    /** A table of the given chains (in order, with their rules) and built-in chains' policies; copies them. */
    static Table of(String name, Map<String, List<Rule>> chains, Map<String, String> policies) {
        return new Table(name, copy(chains), policies);
    }

    /** The chains in order with their rules, as a copy the caller may change. */
    Map<String, List<Rule>> copyOfChains() {
        return copy(chains);
    }

    private static Map<String, List<Rule>> copy(Map<String, List<Rule>> chains) {
        Map<String, List<Rule>> copy = new LinkedHashMap<>();
        chains.forEach((chain, rules) -> copy.put(chain, new ArrayList<>(rules)));
        return copy;
    }

    /** The built-in chains' policies. */
    Map<String, String> policies() {
        return policies;
    }

    /** Parses the output of {@code iptables-save -t NAME}; other tables in the text are ignored. */
    public static Table parse(String name, String saveOutput) {
        Map<String, List<Rule>> chains = new LinkedHashMap<>();
        Map<String, String> policies = new LinkedHashMap<>();
        boolean inTable = false;
        for (String raw : saveOutput.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("*")) {
                inTable = line.substring(1).equals(name);
            } else if (!inTable || line.isEmpty() || line.startsWith("#")) {
                continue;
            } else if (line.startsWith(":")) {
                int space = line.indexOf(' ');
                String chain = space < 0 ? line.substring(1) : line.substring(1, space);
                chains.putIfAbsent(chain, new ArrayList<>());
                String[] f = line.split(" ");
                if (f.length > 1 && !f[1].equals("-")) {
                    policies.put(chain, f[1]); // ":FORWARD DROP [0:0]": a built-in chain's policy
                }
            } else if (line.startsWith("-A ")) {
                addRule(chains, line);
            }
        }
        return new Table(name, chains, policies);
    }

    /**
     * Parses the output of {@code iptables -t NAME -S CHAIN} for some chains, concatenated: {@code -P} and
     * {@code -N} lines name a chain, {@code -A} lines are its rules.
     */
    public static Table parseListing(String name, String listOutput) {
        Map<String, List<Rule>> chains = new LinkedHashMap<>();
        for (String raw : listOutput.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("-P ") || line.startsWith("-N ")) {
                List<String> tokens = Rule.tokenize(line.substring(3));
                if (!tokens.isEmpty()) {
                    chains.putIfAbsent(tokens.get(0), new ArrayList<>());
                }
            } else if (line.startsWith("-A ")) {
                addRule(chains, line);
            }
        }
        return new Table(name, chains);
    }

    /** {@code -A CHAIN args...}: the rule goes to the end of its chain. */
    private static void addRule(Map<String, List<Rule>> chains, String line) {
        List<String> tokens = Rule.tokenize(line.substring(3));
        if (!tokens.isEmpty()) {
            chains.computeIfAbsent(tokens.get(0), k -> new ArrayList<>()).add(new Rule(tokens.subList(1, tokens.size())));
        }
    }

    /** This table with only the named chains that exist in it. */
    public Table only(List<String> names) {
        Map<String, List<Rule>> kept = new LinkedHashMap<>();
        for (String n : names) {
            List<Rule> rules = chains.get(n);
            if (rules != null) {
                kept.put(n, new ArrayList<>(rules));
            }
        }
        Map<String, String> keptPolicies = new LinkedHashMap<>(policies);
        keptPolicies.keySet().retainAll(kept.keySet());
        return new Table(name, kept, keptPolicies);
    }

    public String name() {
        return name;
    }

    /** A built-in chain's policy (ACCEPT or DROP) as iptables-save printed it; null for user chains and listings. */
    public String policy(String chain) {
        return policies.get(chain);
    }

    public boolean hasChain(String chain) {
        return chains.containsKey(chain);
    }

    /** The chain's rules in order; empty when the chain does not exist. */
    public List<Rule> rules(String chain) {
        return List.copyOf(chains.getOrDefault(chain, List.of()));
    }

    public boolean contains(String chain, Rule rule) {
        return chains.getOrDefault(chain, List.of()).contains(rule);
    }

    public Set<String> chains() {
        return Set.copyOf(chains.keySet());
    }
}
