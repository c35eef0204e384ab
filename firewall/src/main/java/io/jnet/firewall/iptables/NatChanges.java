package io.jnet.firewall.iptables;

import io.jnet.firewall.Rule;
import io.jnet.firewall.Table;
import io.jnet.firewall.Transaction;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the nat-table transactions of the plugin from what the table holds now, so that shared chains and
 * jumps are created once, and deletions name only rules that exist (a missing one would fail the whole
 * iptables-restore).
 */
public final class NatChanges {
    static final String TABLE = "nat";

    private NatChanges() {}

    /** Publishes {@code plan}: ensures the shared chains and jumps, (re)writes the attachment's chain and its jumps. */
    public static Transaction add(Table nat, DnatPlan plan) {
        Transaction tx = new Transaction(TABLE);
        if (plan.sharedMarks()) {
            ensureChain(tx, nat, Chains.SETMARK);
            ensureChain(tx, nat, Chains.MASQ);
        }
        ensureChain(tx, nat, Chains.TOP_DNAT);
        // Declaring an existing chain flushes it: the attachment's chain is rewritten in the same step.
        tx.declareChain(plan.chain());
        deleteJumpsInto(tx, nat, plan.chain());
        if (plan.sharedMarks()) {
            ensureRule(tx, nat, Chains.SETMARK, plan.setMarkRule(), false);
            ensureRule(tx, nat, Chains.MASQ, plan.masqRule(), false);
            // First in POSTROUTING, or the bridge plugin's masquerade rules would take these packets first.
            ensureRule(tx, nat, "POSTROUTING", DnatPlan.MASQ_JUMP, true);
        }
        ensureRule(tx, nat, "PREROUTING", DnatPlan.TOP_DNAT_JUMP, false);
        ensureRule(tx, nat, "OUTPUT", DnatPlan.TOP_DNAT_JUMP, false);
        plan.chainRules().forEach(r -> tx.append(plan.chain(), r));
        plan.entryRules().forEach(r -> tx.append(Chains.TOP_DNAT, r));
        return tx;
    }

    /** Removes each existing chain of {@code chains} with every jump into it; shared chains stay. */
    public static Transaction remove(Table nat, List<String> chains) {
        Transaction tx = new Transaction(TABLE);
        for (String chain : chains) {
            if (!nat.hasChain(chain)) {
                continue;
            }
            deleteJumpsInto(tx, nat, chain);
            tx.flush(chain);
            tx.deleteChain(chain);
        }
        return tx;
    }

    /** What differs between {@code nat} and {@code plan}; empty when the attachment's rules are all there. */
    public static List<String> problems(Table nat, DnatPlan plan) {
        List<String> out = new ArrayList<>();
        if (!nat.hasChain(plan.chain())) {
            out.add("chain " + plan.chain() + " is missing");
            return out;
        }
        List<Rule> actual = nat.rules(plan.chain());
        if (!actual.equals(plan.chainRules())) {
            List<Rule> missing = new ArrayList<>(plan.chainRules());
            missing.removeAll(actual);
            List<Rule> extra = new ArrayList<>(actual);
            extra.removeAll(plan.chainRules());
            out.add("chain " + plan.chain() + (missing.isEmpty() && extra.isEmpty() ? " has its rules out of order"
                    : (missing.isEmpty() ? "" : " lacks " + missing) + (extra.isEmpty() ? "" : " has unexpected " + extra)));
        }
        for (Rule entry : plan.entryRules()) {
            boolean found = plan.exactEntries() ? nat.contains(Chains.TOP_DNAT, entry)
                    : nat.rules(Chains.TOP_DNAT).stream().anyMatch(r -> sameEntry(r, entry));
            if (!found) {
                out.add("rule " + entry + " is missing from " + Chains.TOP_DNAT);
            }
        }
        for (String c : List.of("PREROUTING", "OUTPUT")) {
            if (!nat.contains(c, DnatPlan.TOP_DNAT_JUMP)) {
                out.add("jump to " + Chains.TOP_DNAT + " is missing from " + c);
            }
        }
        if (plan.sharedMarks()) {
            if (!nat.contains(Chains.SETMARK, plan.setMarkRule())) {
                out.add("rule " + plan.setMarkRule() + " is missing from " + Chains.SETMARK);
            }
            if (!nat.contains(Chains.MASQ, plan.masqRule())) {
                out.add("rule " + plan.masqRule() + " is missing from " + Chains.MASQ);
            }
            if (!nat.contains("POSTROUTING", DnatPlan.MASQ_JUMP)) {
                out.add("jump to " + Chains.MASQ + " is missing from POSTROUTING");
            }
        }
        return out;
    }

    /**
     * An entry rule with conditions is printed by iptables-save in its own order (and with its own spelling of
     * addresses), so it is matched by target, protocol, ports and comment instead of token by token.
     */
    private static boolean sameEntry(Rule actual, Rule expected) {
        for (String opt : List.of("-j", "-p", "--dports", "--comment")) {
            String want = PublishedPorts.value(expected, opt);
            if (want == null || !want.equals(PublishedPorts.value(actual, opt))) {
                return false;
            }
        }
        return true;
    }

    /** The UDP host ports of the DNAT rules in {@code chain} (for clearing conntrack entries). */
    public static List<Integer> udpPorts(Table nat, String chain) {
        List<Integer> out = new ArrayList<>();
        for (Rule r : nat.rules(chain)) {
            for (PublishedPorts.Port p : PublishedPorts.parse(chain, chain, r)) {
                if (p.protocol().equals("udp") && !out.contains(p.hostPort())) {
                    out.add(p.hostPort());
                }
            }
        }
        return out;
    }

    /** {@code -N}, not a declaration: if someone created the chain since our read, we fail rather than flush it. */
    private static void ensureChain(Transaction tx, Table nat, String chain) {
        if (!nat.hasChain(chain)) {
            tx.createChain(chain);
        }
    }

    private static void ensureRule(Transaction tx, Table nat, String chain, Rule rule, boolean first) {
        if (nat.contains(chain, rule)) {
            return;
        }
        if (first) {
            tx.insert(chain, rule);
        } else {
            tx.append(chain, rule);
        }
    }

    /** Deletes every rule of any chain that jumps (or goes) to {@code target}, as many times as it occurs. */
    private static void deleteJumpsInto(Transaction tx, Table nat, String target) {
        for (String chain : nat.chains()) {
            if (chain.equals(target)) {
                continue;
            }
            for (Rule r : nat.rules(chain)) {
                if (target.equals(PublishedPorts.value(r, "-j")) || target.equals(PublishedPorts.value(r, "-g"))) {
                    tx.delete(chain, r);
                }
            }
        }
    }
}
