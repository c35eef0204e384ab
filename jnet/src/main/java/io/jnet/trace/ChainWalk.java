package io.jnet.trace;

import io.jnet.firewall.Rule;
import io.jnet.firewall.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Walks a packet through one built-in chain of one table the way netfilter does: rules in order, jumps into user
 * chains and back (RETURN, or falling off the end), goto, MARK changing the packet on the way, until a terminating
 * target or the chain's policy decides.
 */
final class ChainWalk {
    private static final int MAX_DEPTH = 64;
    private static final Set<String> NON_TERMINATING = Set.of("LOG", "NFLOG", "ULOG", "TRACE", "CT", "NOTRACK", "CONNMARK", "CHECKSUM",
            "TCPMSS", "AUDIT", "CLASSIFY", "DSCP", "TOS", "TTL", "HL", "NFQUEUE-BYPASS", "");
    private static final Set<String> TERMINATING = Set.of("ACCEPT", "DROP", "REJECT", "DNAT", "SNAT", "MASQUERADE", "REDIRECT", "NETMAP");

    /** A rule that matched on the way: its chain, its 1-based position, the rule. */
    record Hit(String chain, int number, Rule rule) {
        String describe() {
            return chain + " rule " + number + ": " + rule.text();
        }
    }

    /**
     * How the chain decided.
     *
     * @param target     ACCEPT, DROP, REJECT, DNAT, SNAT, MASQUERADE, REDIRECT, or the policy when {@code byPolicy}
     * @param options    the deciding target's options (--to-destination ...)
     * @param byPolicy   decided by the built-in chain's policy: no terminating rule matched
     * @param path       every rule that matched, in order (jumps, marks, the decision)
     * @param unevaluated rules skipped because they use matches the trace cannot evaluate
     */
    record Result(String target, List<String> options, boolean byPolicy, List<Hit> path, List<Hit> unevaluated) {
        Hit decider() {
            return byPolicy || path.isEmpty() ? null : path.get(path.size() - 1);
        }
    }

    private final Table table;
    private final Packet packet;
    private final RuleMatch.Context ctx;
    private final List<Hit> path = new ArrayList<>();
    private final List<Hit> unevaluated = new ArrayList<>();

    private ChainWalk(Table table, Packet packet, RuleMatch.Context ctx) {
        this.table = table;
        this.packet = packet;
        this.ctx = ctx;
    }

    /** Runs {@code chain} (a built-in one) of {@code table} over {@code packet}; MARK targets change the packet. */
    static Result run(Table table, String chain, Packet packet, RuleMatch.Context ctx) {
        ChainWalk w = new ChainWalk(table, packet, ctx);
        Decision d = w.walk(chain, 0);
        if (d == null || d.target.equals("RETURN")) {
            String policy = table.policy(chain);
            return new Result(policy == null ? "ACCEPT" : policy, List.of(), true, w.path, w.unevaluated);
        }
        return new Result(d.target, d.options, false, w.path, w.unevaluated);
    }

    /** A terminating decision, or RETURN out of a goto'd chain. */
    private record Decision(String target, List<String> options) {}

    private Decision walk(String chain, int depth) {
        if (depth > MAX_DEPTH) {
            return null;
        }
        List<Rule> rules = table.rules(chain);
        for (int n = 0; n < rules.size(); n++) {
            Rule r = rules.get(n);
            RuleMatch.Result m = RuleMatch.matches(r, packet, ctx);
            if (m == RuleMatch.Result.UNKNOWN) {
                unevaluated.add(new Hit(chain, n + 1, r));
                continue;
            }
            if (m == RuleMatch.Result.NO_MATCH) {
                continue;
            }
            Hit hit = new Hit(chain, n + 1, r);
            path.add(hit);
            RuleMatch.Parsed t = RuleMatch.target(r);
            if (TERMINATING.contains(t.target())) {
                return new Decision(t.target(), t.targetOptions());
            }
            if (t.target().equals("RETURN")) {
                return null;
            }
            if (t.target().equals("MARK")) {
                mark(t.targetOptions());
                continue;
            }
            if (table.hasChain(t.target())) {
                Decision inner = walk(t.target(), depth + 1);
                if (inner != null) {
                    return inner;
                }
                if (t.goTo()) {
                    return null; // a goto'd chain returns to our caller
                }
                continue;
            }
            if (!NON_TERMINATING.contains(t.target())) {
                unevaluated.add(hit); // a target we do not know: assume it lets the packet go on
            }
        }
        return null;
    }

    /** --set-xmark V/M: mark = (mark & ~M) ^ V; --set-mark V[/M]: (mark & ~M) | V; --or-mark, --and-mark, --xor-mark. */
    private void mark(List<String> opts) {
        for (int i = 0; i + 1 < opts.size(); i++) {
            String v = opts.get(i + 1);
            int slash = v.indexOf('/');
            int value = (int) (long) Long.decode(slash < 0 ? v : v.substring(0, slash));
            int mask = slash < 0 ? -1 : (int) (long) Long.decode(v.substring(slash + 1));
            switch (opts.get(i)) {
                case "--set-xmark" -> packet.mark = (packet.mark & ~mask) ^ value;
                case "--set-mark" -> packet.mark = (packet.mark & ~mask) | value;
                case "--or-mark" -> packet.mark |= value;
                case "--and-mark" -> packet.mark &= value;
                case "--xor-mark" -> packet.mark ^= value;
                default -> {
                    continue;
                }
            }
            i++;
        }
    }
}
